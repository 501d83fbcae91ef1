import * as vscode from 'vscode';
import { WHITEBOARD_VIEW_ID } from '../constants';
import { clearBoard } from '../shared/board/edits';
import { EXPORT_MARGIN, EXPORT_PIXEL_RATIO } from '../shared/board/style';
import { HostToWebview, RenderFormat, RenderResult, describeRejected, parseWebviewMessage } from '../shared/protocol';
import { Logger } from './logger';
import { renderWebviewHtml } from './webviewHtml';
import { WhiteboardPushes } from './whiteboardPushes';
import { WhiteboardStore } from './whiteboardStore';
import { whiteboardStrings } from './whiteboardStrings';

const READY_TIMEOUT_MS = 20_000;
const RENDER_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 15_000;

type Pending = { resolve(value: unknown): void; reject(err: Error): void; timer: ReturnType<typeof setTimeout> };

/**
 * The sidebar whiteboard (a webview view). The page is locked down by CSP; every message from it is validated
 * (src/shared/protocol.ts) and anything malformed is logged and dropped. The page says "ready" before the host
 * sends it anything. Boards live in {@link WhiteboardStore} (workspace storage, debounced); the page reports
 * each edit as a transaction the store replays. Requests to the page (render, add text, clear) are answered
 * by id.
 */
export class WhiteboardViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  readonly store: WhiteboardStore;
  readonly pushes: WhiteboardPushes;
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readyResolvers: Array<() => void> = [];
  private isReady = false;
  private nextRequestId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The last HTML given to the view and the webview's CSP source (tests check the CSP). */
  html: string | undefined;
  cspSource: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    workspaceState: vscode.Memento,
    private readonly logger: Logger,
  ) {
    this.store = new WhiteboardStore(workspaceState, (n) => vscode.l10n.t('Board {0}', n), (m) => logger.warn('whiteboard', m));
    this.pushes = new WhiteboardPushes(workspaceState);
    // Debounced: telling whether a linked board differs from its file serialises the board.
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.disposables.push(
      this.store.onDidChange(() => {
        clearTimeout(timer);
        timer = setTimeout(() => this.describe(), 250);
      }),
      { dispose: () => clearTimeout(timer) },
      this.store.onDidSave((boardId, rev) => {
        if (this.isReady) void this.post({ type: 'saved', boardId, rev });
      }),
    );
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
      body: '<main id="app"></main>',
    });
    this.cspSource = view.webview.cspSource;
    view.webview.html = this.html;
    this.describe();
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      view.onDidDispose(() => {
        if (this.view !== view) return;
        this.view = undefined;
        this.isReady = false;
        this.rejectPending('the whiteboard view was closed');
      }),
    );
    this.logger.debug('whiteboard', 'view resolved');
  }

  /** Resolves once the page has loaded its script and said "ready". */
  whenReady(): Promise<void> {
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve) => this.readyResolvers.push(resolve));
  }

  /** Shows the view and waits for its page (commands that need the page call this first). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${WHITEBOARD_VIEW_ID}.focus`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.whenReady(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the whiteboard view did not load')), READY_TIMEOUT_MS))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  get ready(): boolean {
    return this.isReady;
  }

  /** Shapes on the active board. */
  get shapeCount(): number {
    return this.store.entry(this.store.active().id).doc.size;
  }

  /** The name the first version's tests use. */
  get strokeCount(): number {
    return this.shapeCount;
  }

  /** Clears the active board: through the page when it is open (so Undo brings it back), else directly. */
  async clear(): Promise<void> {
    if (this.isReady) {
      await this.request((requestId) => ({ type: 'clear', requestId }), REQUEST_TIMEOUT_MS);
      return;
    }
    const id = this.store.active().id;
    const op = clearBoard(this.store.entry(id).doc);
    if (op) this.store.applyOps(id, this.store.entry(id).rev + 1, [op]);
  }

  /** Places a text block on the active board (centred in view, selected). The page must be ready. */
  async addText(text: string, font: 'sans' | 'mono'): Promise<void> {
    await this.request((requestId) => ({ type: 'addText', requestId, text, font }), REQUEST_TIMEOUT_MS);
  }

  /** Renders the board (or its selection) in the page. The page must be ready. */
  render(format: RenderFormat, pixelRatio = EXPORT_PIXEL_RATIO, margin = EXPORT_MARGIN): Promise<RenderResult> {
    return this.request((requestId) => ({ type: 'render', requestId, format, pixelRatio, margin }), RENDER_TIMEOUT_MS) as Promise<RenderResult>;
  }

  /** Makes a board the active one and shows it. */
  async show(id: string): Promise<void> {
    this.store.setActive(id);
    this.describe();
    if (this.isReady) await this.post({ type: 'loadBoard', board: this.store.snapshot(id) });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.logger.warn('whiteboard', `dropped a malformed message from the webview (${describeRejected(raw)})`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        await this.post({ type: 'init', strings: whiteboardStrings(), board: this.store.snapshot(this.store.active().id) });
        this.isReady = true;
        this.readyResolvers.splice(0).forEach((r) => r());
        break;
      case 'ops': {
        const result = this.store.applyOps(msg.boardId, msg.rev, msg.tx);
        if (result !== 'applied') {
          this.logger.warn('whiteboard', `board ${msg.boardId} revision ${msg.rev}: ${result}; asking the page for the whole board`);
          if (result !== 'unknownBoard' && msg.boardId === this.store.active().id) await this.post({ type: 'requestSnapshot', boardId: msg.boardId });
        }
        break;
      }
      case 'snapshot':
        this.store.replace(msg.boardId, msg.shapes, msg.rev);
        break;
      case 'done':
        this.settle(msg.requestId, undefined);
        break;
      case 'rendered':
        this.settle(msg.requestId, msg.result);
        break;
      case 'command':
        await vscode.commands.executeCommand(msg.command === 'send' ? 'dingtalk.sendWhiteboard' : 'dingtalk.switchWhiteboard');
        break;
      case 'log':
        this.logger[msg.level === 'error' ? 'error' : msg.level === 'warn' ? 'warn' : 'info']('webview', msg.message);
        break;
    }
  }

  private request(build: (requestId: number) => HostToWebview, timeoutMs: number): Promise<unknown> {
    if (!this.isReady) return Promise.reject(new Error('the whiteboard view is not open'));
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error('the whiteboard view did not answer'));
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      this.post(build(requestId)).catch((err: Error) => this.settle(requestId, undefined, err));
    });
  }

  private settle(requestId: number, value: unknown, error?: Error): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    this.pending.delete(requestId);
    clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve(value);
  }

  private rejectPending(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, undefined, new Error(reason));
  }

  private async post(msg: HostToWebview): Promise<void> {
    await this.view?.webview.postMessage(msg);
  }

  /** The view's description: the board's name, its file, and ● when it has changes the file lacks. */
  private describe(): void {
    if (!this.view) return;
    const board = this.store.active();
    const file = board.file ? vscode.Uri.parse(board.file).path.split('/').pop() : undefined;
    const dirty = board.file && this.store.differsFromFile(board.id) ? ' ●' : '';
    this.view.description = file ? `${board.name} · ${file}${dirty}` : board.name;
  }

  /** Writes the boards to workspace storage now (also called on dispose so nothing is lost). */
  flush(): Promise<void> {
    return this.store.flush();
  }

  dispose(): void {
    void this.store.dispose();
    this.rejectPending('the extension is shutting down');
    this.disposables.splice(0).forEach((d) => d.dispose());
  }
}
