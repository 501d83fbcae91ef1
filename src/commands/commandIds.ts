/**
 * Every command the extension contributes. A unit test checks this list against package.json's
 * `contributes.commands` in both directions; the registry is typed to handle exactly these.
 */
export const CommandIds = {
  showLog: 'dingtalk.showLog',
  openWhiteboard: 'dingtalk.openWhiteboard',
  clearWhiteboard: 'dingtalk.clearWhiteboard',
  sendWhiteboard: 'dingtalk.sendWhiteboard',
  sendWhiteboardTo: 'dingtalk.sendWhiteboardTo',
  recallWhiteboardPush: 'dingtalk.recallWhiteboardPush',
  exportWhiteboardPng: 'dingtalk.exportWhiteboardPng',
  exportWhiteboardSvg: 'dingtalk.exportWhiteboardSvg',
  openWhiteboardFile: 'dingtalk.openWhiteboardFile',
  saveWhiteboardFile: 'dingtalk.saveWhiteboardFile',
  newWhiteboard: 'dingtalk.newWhiteboard',
  switchWhiteboard: 'dingtalk.switchWhiteboard',
  renameWhiteboard: 'dingtalk.renameWhiteboard',
  deleteWhiteboard: 'dingtalk.deleteWhiteboard',
  addSelectionToWhiteboard: 'dingtalk.addSelectionToWhiteboard',
  keepWhiteboardKey: 'dingtalk.keepWhiteboardKey',
  sendSelection: 'dingtalk.sendSelection',
  addDestination: 'dingtalk.addDestination',
  testDestination: 'dingtalk.testDestination',
  removeDestination: 'dingtalk.removeDestination',
  setDefaultDestination: 'dingtalk.setDefaultDestination',
  configureApp: 'dingtalk.configureApp',
  updateSigningSecret: 'dingtalk.updateSigningSecret',
  forgetAllSecrets: 'dingtalk.forgetAllSecrets',
  showOutbox: 'dingtalk.showOutbox',
  shareFile: 'dingtalk.shareFile',
  assignTodo: 'dingtalk.assignTodo',
  assignWorkspaceTodos: 'dingtalk.assignWorkspaceTodos',
  markTodoDone: 'dingtalk.markTodoDone',
  removeCompletedTodo: 'dingtalk.removeCompletedTodo',
  refreshTodos: 'dingtalk.refreshTodos',
  revealTodo: 'dingtalk.revealTodo',
  showMyTodos: 'dingtalk.showMyTodos',
  showAllTodos: 'dingtalk.showAllTodos',
  setMe: 'dingtalk.setMe',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
