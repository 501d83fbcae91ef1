import * as vscode from 'vscode';
import { describeError } from '../core/redact';
import { Logger } from '../host/logger';
import { CommandId, CommandIds } from './commandIds';
import { Services } from './services';
import { showLog } from './showLog';
import { openWhiteboard } from './openWhiteboard';
import { clearWhiteboard } from './clearWhiteboard';
import { sendWhiteboard, sendWhiteboardTo } from './sendWhiteboard';
import { recallWhiteboardPush } from './recallWhiteboardPush';
import { exportWhiteboardPng, exportWhiteboardSvg } from './exportWhiteboard';
import { openWhiteboardFile } from './openWhiteboardFile';
import { saveWhiteboardFile } from './saveWhiteboardFile';
import { deleteWhiteboard, newWhiteboard, renameWhiteboard, switchWhiteboard } from './manageWhiteboards';
import { addSelectionToWhiteboard } from './addSelectionToWhiteboard';
import { keepWhiteboardKey } from './keepWhiteboardKey';
import { addDestination } from './addDestination';
import { configureApp } from './configureApp';
import { forgetAllSecrets } from './forgetAllSecrets';
import { removeDestination } from './removeDestination';
import { sendMessage } from './sendMessage';
import { sendSelection } from './sendSelection';
import { shareFile } from './shareFile';
import { setDefaultDestination } from './setDefaultDestination';
import { showOutbox } from './showOutbox';
import { testDestination } from './testDestination';
import { updateSigningSecret } from './updateSigningSecret';
import { assignTodo } from './assignTodo';
import { assignWorkspaceTodos } from './assignWorkspaceTodos';
import { markTodoDone } from './markTodoDone';
import { removeCompletedTodo } from './removeCompletedTodo';
import { refreshTodos } from './refreshTodos';
import { revealTodo } from './revealTodo';
import { showAllTodos, showMyTodos } from './filterMyTodos';
import { setTodoIdentity } from './setTodoIdentity';
import { toggleStream } from './toggleStream';
import { openInboxMessage } from './openInboxMessage';
import { replyInboxMessage } from './replyInboxMessage';
import { markInboxRead } from './markInboxRead';
import { openInboxLink } from './openInboxLink';

/** A command handler: receives the services and whatever arguments VS Code passed. */
export type CommandHandler = (services: Services, ...args: unknown[]) => unknown;

/** The registry: one handler per contributed command (checked against package.json by a unit test). */
export const commandHandlers: Record<CommandId, CommandHandler> = {
  [CommandIds.showLog]: showLog,
  [CommandIds.openWhiteboard]: openWhiteboard,
  [CommandIds.clearWhiteboard]: clearWhiteboard,
  [CommandIds.sendWhiteboard]: sendWhiteboard,
  [CommandIds.sendWhiteboardTo]: sendWhiteboardTo,
  [CommandIds.recallWhiteboardPush]: recallWhiteboardPush,
  [CommandIds.exportWhiteboardPng]: exportWhiteboardPng,
  [CommandIds.exportWhiteboardSvg]: exportWhiteboardSvg,
  [CommandIds.openWhiteboardFile]: openWhiteboardFile,
  [CommandIds.saveWhiteboardFile]: saveWhiteboardFile,
  [CommandIds.newWhiteboard]: newWhiteboard,
  [CommandIds.switchWhiteboard]: switchWhiteboard,
  [CommandIds.renameWhiteboard]: renameWhiteboard,
  [CommandIds.deleteWhiteboard]: deleteWhiteboard,
  [CommandIds.addSelectionToWhiteboard]: addSelectionToWhiteboard,
  [CommandIds.keepWhiteboardKey]: keepWhiteboardKey,
  [CommandIds.sendSelection]: sendSelection,
  [CommandIds.sendMessage]: sendMessage,
  [CommandIds.addDestination]: (s, args) => addDestination(s, args as never),
  [CommandIds.testDestination]: testDestination,
  [CommandIds.removeDestination]: removeDestination,
  [CommandIds.setDefaultDestination]: setDefaultDestination,
  [CommandIds.configureApp]: configureApp,
  [CommandIds.updateSigningSecret]: updateSigningSecret,
  [CommandIds.forgetAllSecrets]: forgetAllSecrets,
  [CommandIds.showOutbox]: showOutbox,
  [CommandIds.shareFile]: shareFile,
  [CommandIds.assignTodo]: assignTodo,
  [CommandIds.assignWorkspaceTodos]: assignWorkspaceTodos,
  [CommandIds.markTodoDone]: markTodoDone,
  [CommandIds.removeCompletedTodo]: removeCompletedTodo,
  [CommandIds.refreshTodos]: refreshTodos,
  [CommandIds.revealTodo]: revealTodo,
  [CommandIds.showMyTodos]: showMyTodos,
  [CommandIds.showAllTodos]: showAllTodos,
  [CommandIds.setMe]: setTodoIdentity,
  [CommandIds.toggleStream]: (s, args) => toggleStream(s, args as never),
  [CommandIds.openMessage]: openInboxMessage,
  [CommandIds.replyToMessage]: replyInboxMessage,
  [CommandIds.markAllMessagesRead]: markInboxRead,
  [CommandIds.openMessageLink]: (s, target) => openInboxLink(s, target as never),
};

/**
 * Registers every command behind an error boundary: a failing command logs its stack and shows one
 * short, localised message with a way to the log, and never throws into VS Code.
 */
export function registerCommands(services: Services, logger: Logger): vscode.Disposable[] {
  return (Object.keys(commandHandlers) as CommandId[]).map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await commandHandlers[id](services, ...args);
      } catch (err) {
        logger.error('commands', `${id} failed`, err);
        const showLogAction = vscode.l10n.t('Show Log');
        const choice = await vscode.window.showErrorMessage(
          vscode.l10n.t('DingTalk: {0}', describeError(err).message),
          showLogAction,
        );
        if (choice === showLogAction) logger.show();
        return undefined;
      }
    }),
  );
}
