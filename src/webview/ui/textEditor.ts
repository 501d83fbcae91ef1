import { Point } from '../../shared/board/geometry';
import { FONT_MONO, FONT_SANS, TEXT_LINE_HEIGHT } from '../../shared/board/style';
import { Viewport, toScreen } from '../../shared/board/viewport';
import { keepTypingKey } from '../input/keys';

export interface TextEditRequest {
  /** Top-left of the text in board units. */
  readonly at: Point;
  readonly size: number;
  readonly font: 'sans' | 'mono';
  /** CSS colour to type in. */
  readonly color: string;
  readonly text?: string;
  /** Called once with the final text (possibly empty) when editing ends. */
  readonly done: (text: string) => void;
}

/**
 * Text entry over the canvas: a real <textarea>, so IME composition (Chinese pinyin, Japanese, …), native
 * caret movement, selection and undo inside the text all work. Enter makes a new line; Ctrl/Cmd+Enter, Escape
 * or clicking elsewhere finishes. Keys are kept from VS Code while typing, except its own shortcuts.
 */
export class TextEditor {
  private readonly area: HTMLTextAreaElement;
  private request: TextEditRequest | undefined;
  private viewport: Viewport | undefined;

  constructor(container: HTMLElement, placeholder: string, private readonly measure: (text: string, size: number, font: 'sans' | 'mono') => { w: number; h: number }) {
    this.area = document.createElement('textarea');
    this.area.className = 'text-editor';
    this.area.hidden = true;
    this.area.placeholder = placeholder;
    this.area.setAttribute('aria-label', placeholder);
    this.area.spellcheck = false;
    this.area.wrap = 'off';
    container.append(this.area);
    this.area.addEventListener('input', () => this.layout());
    this.area.addEventListener('blur', () => this.finish());
    this.area.addEventListener('keydown', (e) => {
      // During IME composition every key belongs to the input method (Enter picks a candidate).
      if (e.isComposing || e.keyCode === 229) {
        e.stopPropagation();
        return;
      }
      if (e.key === 'Escape' || (e.key === 'Enter' && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        e.stopPropagation();
        this.finish();
        return;
      }
      if (keepTypingKey(e)) e.stopPropagation();
    });
    this.area.addEventListener('keyup', (e) => e.stopPropagation());
  }

  get active(): boolean {
    return this.request !== undefined;
  }

  get element(): HTMLTextAreaElement {
    return this.area;
  }

  open(request: TextEditRequest, viewport: Viewport): void {
    this.finish();
    this.request = request;
    this.viewport = viewport;
    this.area.value = request.text ?? '';
    this.area.hidden = false;
    this.area.style.color = request.color;
    this.area.style.fontFamily = request.font === 'mono' ? FONT_MONO : FONT_SANS;
    this.area.style.lineHeight = String(TEXT_LINE_HEIGHT);
    this.layout();
    this.area.focus();
    this.area.select();
  }

  /** Keeps the box over its board position while the view pans or zooms. */
  reposition(viewport: Viewport): void {
    this.viewport = viewport;
    if (this.request) this.layout();
  }

  /** Ends editing and hands the text to whoever opened the editor. */
  finish(): void {
    const request = this.request;
    if (!request) return;
    this.request = undefined;
    const text = this.area.value.replace(/\s+$/, '');
    this.area.hidden = true;
    this.area.value = '';
    request.done(text);
  }

  private layout(): void {
    const r = this.request;
    const v = this.viewport;
    if (!r || !v) return;
    const p = toScreen(v, r.at);
    const size = r.size * v.zoom;
    const m = this.measure(this.area.value || this.area.placeholder, r.size, r.font);
    this.area.style.left = `${p.x}px`;
    this.area.style.top = `${p.y}px`;
    this.area.style.fontSize = `${size}px`;
    this.area.style.width = `${Math.max(m.w * v.zoom + size, 4 * size)}px`;
    this.area.style.height = `${Math.max(m.h * v.zoom, size * TEXT_LINE_HEIGHT) + 2}px`;
  }
}
