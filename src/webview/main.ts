import { BoardState, Stroke, WebviewStrings, isBoardState, parseHostMessage } from '../shared/protocol';
import { loadLocalState, post, saveLocalState } from './vscodeApi';

/**
 * The whiteboard page. Draws with a pen on a canvas, keeps the strokes, and reports every change to the
 * host (which persists them). Messages from the host are validated before use.
 */

const app = document.getElementById('app') as HTMLElement;
const toolbar = document.createElement('div');
toolbar.className = 'toolbar';
toolbar.setAttribute('role', 'toolbar');
const clearButton = document.createElement('button');
clearButton.type = 'button';
clearButton.id = 'clear';
const hint = document.createElement('span');
hint.className = 'hint';
toolbar.append(clearButton, hint);
const canvas = document.createElement('canvas');
canvas.id = 'board';
canvas.tabIndex = 0;
app.append(toolbar, canvas);
const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;

let strokes: Stroke[] = [];
let current: Array<[number, number]> | undefined;

function strokeColor(): string {
  // A theme-aware default pen colour: the editor foreground, as a hex the protocol accepts.
  const fg = getComputedStyle(document.body).getPropertyValue('--vscode-editor-foreground').trim();
  return /^#[0-9a-fA-F]{3,8}$/.test(fg) ? fg : '#1f6feb';
}

function applyStrings(strings: WebviewStrings): void {
  clearButton.textContent = strings.clear;
  clearButton.title = strings.clear;
  clearButton.setAttribute('aria-label', strings.clear);
  hint.textContent = strings.empty;
  canvas.setAttribute('aria-label', strings.title);
}

function resize(): void {
  const ratio = window.devicePixelRatio || 1;
  const rect = canvas.getBoundingClientRect();
  canvas.width = Math.max(1, Math.round(rect.width * ratio));
  canvas.height = Math.max(1, Math.round(rect.height * ratio));
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  render();
}

function drawStroke(s: Stroke): void {
  if (s.points.length === 0) return;
  ctx.strokeStyle = s.color;
  ctx.lineWidth = s.width;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(s.points[0][0], s.points[0][1]);
  for (const [x, y] of s.points.slice(1)) ctx.lineTo(x, y);
  if (s.points.length === 1) ctx.lineTo(s.points[0][0] + 0.01, s.points[0][1]);
  ctx.stroke();
}

function render(): void {
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  strokes.forEach(drawStroke);
  if (current) drawStroke({ color: strokeColor(), width: 3, points: current });
  hint.hidden = strokes.length > 0 || current !== undefined;
}

function commit(): void {
  const board: BoardState = { strokes };
  saveLocalState(board);
  post({ type: 'boardChanged', board });
}

function point(e: PointerEvent): [number, number] {
  const rect = canvas.getBoundingClientRect();
  return [Math.round((e.clientX - rect.left) * 10) / 10, Math.round((e.clientY - rect.top) * 10) / 10];
}

canvas.addEventListener('pointerdown', (e) => {
  canvas.setPointerCapture(e.pointerId);
  current = [point(e)];
  render();
});
canvas.addEventListener('pointermove', (e) => {
  if (!current) return;
  current.push(point(e));
  render();
});
const finish = (): void => {
  if (!current) return;
  strokes = [...strokes, { color: strokeColor(), width: 3, points: current }];
  current = undefined;
  render();
  commit();
};
canvas.addEventListener('pointerup', finish);
canvas.addEventListener('pointercancel', finish);

clearButton.addEventListener('click', () => {
  strokes = [];
  render();
  commit();
});

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseHostMessage(event.data);
  if (!msg) {
    post({ type: 'log', level: 'warn', message: 'webview dropped a malformed message from the host' });
    return;
  }
  switch (msg.type) {
    case 'init':
      applyStrings(msg.strings);
      strokes = [...msg.board.strokes];
      render();
      break;
    case 'clear':
      strokes = [];
      render();
      saveLocalState({ strokes });
      break;
  }
});

new ResizeObserver(resize).observe(canvas);

// Restore what the page held before it was hidden, then tell the host we are ready for its state.
const local = loadLocalState() as { board?: unknown } | undefined;
if (local && isBoardState(local.board)) strokes = [...local.board.strokes];
resize();
document.body.dataset.ready = 'true';
post({ type: 'ready' });
