/** Identifiers shared by the extension's host modules. Command ids live in src/commands/commandIds.ts. */
export const EXTENSION_ID = 'vscode-dingtalk.vscode-dingtalk';
export const CONFIG_SECTION = 'dingtalk';
export const VIEW_CONTAINER_ID = 'dingtalk';
export const WHITEBOARD_VIEW_ID = 'dingtalk.whiteboard';
export const LOG_CHANNEL_NAME = 'DingTalk';
