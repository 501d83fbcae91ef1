import * as vscode from 'vscode';
import { BoardState, HostToWebview, describeRejected, isBoardState, parseWebviewMessage } from '../shared/protocol';
import { Logger } from './logger';
import { renderWebviewHtml } from './webviewHtml';

const BOARD_STATE_KEY = 'dingtalk.whiteboard.board';
const SAVE_DEBOUNCE_MS = 400;

/**
 * The sidebar whiteboard (a webview view). The page is locked down by CSP; every message from it is
 * validated (src/shared/protocol.ts) and anything malformed is logged and dropped. The page says "ready"
 * before the host sends it anything. The board is saved to workspace storage, debounced.
 */
export class WhiteboardViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private board: BoardState;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readyResolvers: Array<() => void> = [];
  private isReady = false;
  /** The last HTML given to the view and the webview's CSP source (tests check the CSP). */
  html: string | undefined;
  cspSource: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly workspaceState: vscode.Memento,
    private readonly logger: Logger,
  ) {
    const stored = workspaceState.get<unknown>(BOARD_STATE_KEY);
    this.board = isBoardState(stored) ? stored : { strokes: [] };
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.isReady = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    this.html = renderWebviewHtml(view.webview, {
      title: vscode.l10n.t('Whiteboard'),
      lang: vscode.env.language,
      styles: [vscode.Uri.joinPath(media, 'whiteboard.css')],
      scripts: [vscode.Uri.joinPath(dist, 'webview.js')],
      body: '<main id="app" aria-live="polite"></main>',
    });
    this.cspSource = view.webview.cspSource;
    view.webview.html = this.html;
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        this.isReady = false;
      }),
    );
    this.logger.debug('whiteboard', 'view resolved');
  }

  /** Resolves once the page has loaded its script and said "ready". */
  whenReady(): Promise<void> {
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve) => this.readyResolvers.push(resolve));
  }

  get strokeCount(): number {
    return this.board.strokes.length;
  }

  async clear(): Promise<void> {
    this.board = { strokes: [] };
    this.scheduleSave();
    await this.post({ type: 'clear' });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.logger.warn('whiteboard', `dropped a malformed message from the webview (${describeRejected(raw)})`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        await this.post({
          type: 'init',
          strings: { title: vscode.l10n.t('Whiteboard'), clear: vscode.l10n.t('Clear'), empty: vscode.l10n.t('Draw here') },
          board: this.board,
        });
        this.isReady = true;
        this.readyResolvers.splice(0).forEach((r) => r());
        break;
      case 'boardChanged':
        this.board = msg.board;
        this.scheduleSave();
        break;
      case 'log':
        this.logger[msg.level === 'error' ? 'error' : msg.level === 'warn' ? 'warn' : 'info']('webview', msg.message);
        break;
    }
  }

  private async post(msg: HostToWebview): Promise<void> {
    await this.view?.webview.postMessage(msg);
  }

  private scheduleSave(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.flush(), SAVE_DEBOUNCE_MS);
  }

  /** Writes the board to workspace storage now (also called on dispose so nothing is lost). */
  async flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.workspaceState.update(BOARD_STATE_KEY, this.board);
  }

  dispose(): void {
    void this.flush();
    this.disposables.splice(0).forEach((d) => d.dispose());
  }
}
