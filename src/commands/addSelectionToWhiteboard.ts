import * as vscode from 'vscode';
import { BOARD_LIMITS } from '../shared/board/validate';
import type { Services } from './services';

/** Longest code block placed on the board; a sketch is not the place for a whole file. */
const MAX_LINES = 120;

/**
 * DingTalk: Add Selection to Whiteboard (editor context menu) — places the selected code on the board as a
 * code block (monospace, on a tinted panel) headed by its file and lines, centred in view and selected so it
 * can be moved at once. Undoable like any other edit.
 */
export async function addSelectionToWhiteboard(services: Services): Promise<void> {
  const t = vscode.l10n.t;
  const editor = vscode.window.activeTextEditor;
  const selections = editor?.selections.filter((s) => !s.isEmpty) ?? [];
  if (!editor || selections.length === 0) {
    void vscode.window.showInformationMessage(t('Select some code first, then run "DingTalk: Add Selection to Whiteboard".'));
    return;
  }
  const doc = editor.document;
  const sorted = [...selections].sort((a, b) => a.start.compareTo(b.start));
  const first = sorted[0].start.line + 1;
  const last = sorted[sorted.length - 1].end.line + (sorted[sorted.length - 1].end.character === 0 ? 0 : 1);
  let lines = dedent(sorted.map((s) => doc.getText(s)).join('\n\n').replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n'));
  if (lines.length > MAX_LINES) {
    void vscode.window.showWarningMessage(t('Only the first {0} lines of the selection were added.', MAX_LINES));
    lines = [...lines.slice(0, MAX_LINES), '…'];
  }
  const header = `${vscode.workspace.asRelativePath(doc.uri, false)}:${first}${last > first ? `-${last}` : ''}`;
  const text = `${header}\n${lines.join('\n')}`.slice(0, BOARD_LIMITS.maxTextLength);
  await services.whiteboard.reveal();
  await services.whiteboard.addText(text, 'mono');
}

/** Removes the indentation every non-blank line shares, so a nested block sits at the left edge. */
export function dedent(lines: readonly string[]): string[] {
  const expanded = lines.map((l) => l.replace(/\t/g, '    '));
  const indents = expanded.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const common = indents.length ? Math.min(...indents) : 0;
  return expanded.map((l) => l.slice(Math.min(common, /^ */.exec(l)?.[0].length ?? 0)).replace(/\s+$/, ''));
}
