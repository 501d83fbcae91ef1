import * as vscode from 'vscode';
import type { Services } from './services';

/** Arguments for running without the save dialog (tests). */
export interface ExportWhiteboardArgs {
  readonly uri?: vscode.Uri;
}

/** DingTalk: Export Whiteboard as PNG… — the board (or selection) at 2×, cropped to the content. */
export function exportWhiteboardPng(services: Services, ...args: unknown[]): Promise<vscode.Uri | undefined> {
  return exportAs(services, 'png', uriArg(args));
}

/** DingTalk: Export Whiteboard as SVG… — the same picture as vector graphics. */
export function exportWhiteboardSvg(services: Services, ...args: unknown[]): Promise<vscode.Uri | undefined> {
  return exportAs(services, 'svg', uriArg(args));
}

function uriArg(args: unknown[]): vscode.Uri | undefined {
  const a = args.find((x) => typeof x === 'object' && x !== null) as ExportWhiteboardArgs | undefined;
  return a?.uri instanceof vscode.Uri ? a.uri : undefined;
}

/** A file name from the board's name that every file system accepts. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '-').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 80) || 'whiteboard';
}

async function exportAs(services: Services, format: 'png' | 'svg', given: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const t = vscode.l10n.t;
  const wb = services.whiteboard;
  await wb.reveal();
  const result = await wb.render(format);
  if (!result.ok) {
    if (result.reason === 'empty') void vscode.window.showInformationMessage(t('The whiteboard is empty: draw something first.'));
    else void vscode.window.showErrorMessage(t('The whiteboard could not be rendered: {0}', result.detail ?? result.reason));
    return undefined;
  }
  const board = wb.store.active();
  const folder = board.file ? vscode.Uri.joinPath(vscode.Uri.parse(board.file), '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${safeFileName(board.name)}.${format}`;
  const uri =
    given ??
    (await vscode.window.showSaveDialog({
      title: format === 'png' ? t('Export Whiteboard as PNG') : t('Export Whiteboard as SVG'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: format === 'png' ? { [t('PNG image')]: ['png'] } : { [t('SVG image')]: ['svg'] },
    }));
  if (!uri) return undefined;
  const bytes = result.format === 'png' ? result.data : new TextEncoder().encode(result.svg);
  await vscode.workspace.fs.writeFile(uri, bytes);
  services.logger.info('whiteboard', `exported ${result.width}×${result.height} ${format} (${bytes.byteLength} bytes, ${result.shapes} shapes) to ${uri.toString(true)}`);
  void vscode.window.setStatusBarMessage(t('$(check) Saved {0}', uri.path.split('/').pop() ?? fileName), 5000);
  return uri;
}
