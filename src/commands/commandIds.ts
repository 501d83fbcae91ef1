/**
 * Every command the extension contributes. A unit test checks this list against package.json's
 * `contributes.commands` in both directions.
 */
export const CommandIds = {
  showLog: 'dingtalk.showLog',
  openWhiteboard: 'dingtalk.openWhiteboard',
  clearWhiteboard: 'dingtalk.clearWhiteboard',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
