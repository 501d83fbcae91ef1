import * as vscode from 'vscode';
import { WHITEBOARD_VIEW_ID } from '../constants';
import { clearBoard } from '../shared/board/edits';
import { EXPORT_MARGIN, EXPORT_PIXEL_RATIO } from '../shared/board/style';
import { HostToWebview, RenderFormat, RenderResult, describeRejected, parseWebviewMessage } from '../shared/protocol';
import { Logger } from './logger';
import { renderWebviewHtml } from './webviewHtml';
import { WhiteboardPushes } from './whiteboardPushes';
import { ExpectedReply, PendingRequests, ReplyValue } from './whiteboardRequests';
import { WhiteboardStore } from './whiteboardStore';
import { whiteboardStrings } from './whiteboardStrings';

const READY_TIMEOUT_MS = 20_000;
const RENDER_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The sidebar whiteboard (a webview view). The page is locked down by CSP; every message from it is validated
 * (src/shared/protocol.ts) and anything malformed is logged and dropped. The page says "ready" before the host
 * sends it anything. Boards live in {@link WhiteboardStore} (workspace storage, debounced); the page reports
 * each edit as a transaction the store replays. Requests to the page (render, add text, clear) are answered
 * by id, and only by the kind of reply (and render format) the request expects ({@link PendingRequests}).
 *
 * The errors these requests fail with reach the user (the command error boundary shows them): they are
 * localised and say what to do; the log gets an English line.
 */
export class WhiteboardViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  readonly store: WhiteboardStore;
  readonly pushes: WhiteboardPushes;
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readyResolvers: Array<() => void> = [];
  private isReady = false;
  private readonly requests: PendingRequests;
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
    this.requests = new PendingRequests(
      {
        timedOut: () => new Error(vscode.l10n.t('The whiteboard did not answer in time. Keep the Whiteboard view in the DingTalk sidebar open and try again.')),
        mismatched: () => new Error(vscode.l10n.t('The whiteboard gave an unexpected answer. Try again; if it keeps happening, run "Developer: Reload Window".')),
      },
      (level, message) => logger[level]('whiteboard', message),
    );
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
        if (this.requests.size > 0) this.logger.warn('whiteboard', `the view was closed with ${this.requests.size} request(s) unanswered`);
        this.requests.failAll(() => new Error(vscode.l10n.t('The whiteboard view was closed before it answered. Open the Whiteboard view in the DingTalk sidebar and try again.')));
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
        new Promise<never>(
          (_, reject) =>
            (timer = setTimeout(() => {
              this.logger.warn('whiteboard', `the view did not say ready within ${READY_TIMEOUT_MS} ms`);
              reject(new Error(vscode.l10n.t('The whiteboard did not load. Open the Whiteboard view in the DingTalk sidebar and try again.')));
            }, READY_TIMEOUT_MS)),
        ),
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
      await this.request({ type: 'done' }, (requestId) => ({ type: 'clear', requestId }), REQUEST_TIMEOUT_MS);
      return;
    }
    const id = this.store.active().id;
    const op = clearBoard(this.store.entry(id).doc);
    if (op) this.store.applyOps(id, this.store.entry(id).rev + 1, [op]);
  }

  /** Places a text block on the active board (centred in view, selected). The page must be ready. */
  async addText(text: string, font: 'sans' | 'mono'): Promise<void> {
    await this.request({ type: 'done' }, (requestId) => ({ type: 'addText', requestId, text, font }), REQUEST_TIMEOUT_MS);
  }

  /** Renders the board (or its selection) in the page. The page must be ready. */
  render(format: RenderFormat, pixelRatio = EXPORT_PIXEL_RATIO, margin = EXPORT_MARGIN): Promise<RenderResult> {
    return this.request({ type: 'rendered', format }, (requestId) => ({ type: 'render', requestId, format, pixelRatio, margin }), RENDER_TIMEOUT_MS);
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
      case 'rendered':
        this.requests.answer(msg);
        break;
      case 'command':
        await vscode.commands.executeCommand(msg.command === 'send' ? 'dingtalk.sendWhiteboard' : 'dingtalk.switchWhiteboard');
        break;
      case 'log':
        this.logger[msg.level === 'error' ? 'error' : msg.level === 'warn' ? 'warn' : 'info']('webview', msg.message);
        break;
    }
  }

  /** Sends a request to the page; it settles with the reply `expected` (any other reply rejects it). */
  private request<E extends ExpectedReply>(expected: E, build: (requestId: number) => HostToWebview, timeoutMs: number): Promise<ReplyValue<E>> {
    if (!this.isReady) {
      this.logger.warn('whiteboard', `a request waiting for ${expected.type === 'rendered' ? `a ${expected.format} rendering` : "'done'"} was made while the view is not open`);
      return Promise.reject(new Error(vscode.l10n.t('The whiteboard is not open. Open the Whiteboard view in the DingTalk sidebar and try again.')));
    }
    const { id, reply } = this.requests.open(expected, timeoutMs);
    this.post(build(id)).catch((err: Error) => this.requests.fail(id, err));
    return reply;
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
    this.requests.failAll(() => new Error(vscode.l10n.t('The whiteboard request was cancelled because DingTalk for VS Code is shutting down.')));
    this.disposables.splice(0).forEach((d) => d.dispose());
  }
}
