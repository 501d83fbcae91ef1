import { parseHostMessage } from '../shared/protocol';
import { WhiteboardApp } from './app';
import { loadState, post, saveState } from './vscodeApi';

/**
 * Entry point of the whiteboard page. Says "ready", then builds the board when the host's `init` arrives.
 * Every message from the host is validated; anything malformed is reported to the host's log and dropped.
 */
const root = document.getElementById('app') as HTMLElement;
let app: WhiteboardApp | undefined;

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseHostMessage(event.data);
  if (!msg) {
    post({ type: 'log', level: 'warn', message: 'webview dropped a malformed message from the host' });
    return;
  }
  if (msg.type === 'init' && !app) {
    app = new WhiteboardApp(root, msg.strings, { post, loadState, saveState });
    // A plain test page (the benchmark) opts in to reach the app; the webview never sets this attribute.
    if (document.documentElement.dataset.probe === 'on') (window as unknown as { dingtalkWhiteboard: WhiteboardApp }).dingtalkWhiteboard = app;
  }
  if (!app) {
    post({ type: 'log', level: 'warn', message: `webview got "${msg.type}" before "init"; dropped` });
    return;
  }
  app.handle(msg).catch((err: Error) => post({ type: 'log', level: 'error', message: `whiteboard: ${err.message}` }));
  if (msg.type === 'init') document.body.dataset.ready = 'true';
});

post({ type: 'ready' });
