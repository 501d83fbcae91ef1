import * as vscode from 'vscode';
import { WHITEBOARD_VIEW_ID } from '../constants';
import type { Services } from './services';

/** DingTalk: Open Whiteboard — reveals the whiteboard view in the DingTalk sidebar. */
export async function openWhiteboard(_services: Services): Promise<void> {
  await vscode.commands.executeCommand(`${WHITEBOARD_VIEW_ID}.focus`);
}
