import { PALETTE } from '../../shared/board/style';
import { TOOL_IDS, ToolId } from '../tools/tool';
import { TOOL_KEYS } from '../ui/toolbar';

export interface KeyActions {
  undo(): void;
  redo(): void;
  selectAll(): void;
  deleteSelection(): void;
  escape(): void;
  tool(id: ToolId): void;
  color(color: string): void;
  fit(): void;
  zoomIn(): void;
  zoomOut(): void;
  zoomReset(): void;
  /** Moves the selection; false when nothing is selected (so the key is not consumed). */
  nudge(dx: number, dy: number): boolean;
  space(down: boolean): void;
  /** Tab / Shift+Tab: moves the selection to the next / previous shape; false lets focus move on as usual. */
  tab(backward: boolean): boolean;
  /** Enter: opens the text editor (new text, or the selected text block); false when there is nothing to open. */
  enter(): boolean;
}

const TOOL_BY_KEY = new Map<string, ToolId>(TOOL_IDS.map((id) => [TOOL_KEYS[id].toLowerCase(), id]));

/**
 * The board's keyboard shortcuts. Returns whether the key was handled; the caller then stops it from reaching
 * VS Code (see keys.ts), which is what keeps Ctrl+Z/Ctrl+Shift+Z/Ctrl+Y on the board.
 */
export function handleBoardKey(e: KeyboardEvent, a: KeyActions): boolean {
  const run = (action: () => void): boolean => {
    action();
    return true;
  };
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  const onButton = e.target instanceof HTMLButtonElement;
  if (mod && !e.altKey) {
    if (key === 'z' && !e.shiftKey) return run(() => a.undo());
    if ((key === 'z' && e.shiftKey) || (key === 'y' && !e.shiftKey)) return run(() => a.redo());
    if (key === 'a' && !e.shiftKey) return run(() => a.selectAll());
    return false;
  }
  if (e.altKey) return false;
  if (key === ' ' && !onButton) {
    if (!e.repeat) a.space(true);
    return true;
  }
  if (key === 'tab') return a.tab(e.shiftKey);
  if (key === 'enter' && !e.shiftKey && !e.isComposing) return a.enter();
  if (key === 'delete' || key === 'backspace') return run(() => a.deleteSelection());
  if (key === 'escape') return run(() => a.escape());
  if (e.shiftKey && (e.code === 'Digit1' || key === '!')) return run(() => a.fit());
  if (key === '+' || key === '=') return run(() => a.zoomIn());
  if (key === '-' || key === '_') return run(() => a.zoomOut());
  if (key === '0' && !e.shiftKey) return run(() => a.zoomReset());
  if (!e.shiftKey && /^[1-9]$/.test(key)) {
    const entry = PALETTE[Number(key) - 1];
    if (entry) return run(() => a.color(entry.color));
    return false;
  }
  const step = e.shiftKey ? 10 : 1;
  if (key === 'arrowleft') return a.nudge(-step, 0);
  if (key === 'arrowright') return a.nudge(step, 0);
  if (key === 'arrowup') return a.nudge(0, -step);
  if (key === 'arrowdown') return a.nudge(0, step);
  if (!e.shiftKey) {
    const tool = TOOL_BY_KEY.get(key);
    if (tool) return run(() => a.tool(tool));
  }
  return false;
}
