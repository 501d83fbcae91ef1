/**
 * Which key presses the page keeps from VS Code. The webview host forwards every keydown it sees to the
 * workbench, where Ctrl+Z would run VS Code's undo on some other editor; stopping the event's propagation
 * inside the page (before it reaches the host's listener on the window) keeps it here. VS Code's own
 * shortcuts (Ctrl+P, F1, Ctrl+Shift+P, …) are left alone so they keep working from the board.
 */
export function keepKeyFromHost(e: KeyboardEvent, typing: boolean): boolean {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey && (key === 'z' || key === 'y')) return true; // undo / redo
  if (mod && !e.altKey && !e.shiftKey && ['a', 'c', 'v', 'x', 'enter'].includes(key)) return typing || key === 'a';
  if (!mod && !e.altKey && !/^F\d+$/.test(e.key)) return typing || key.length === 1 || ['delete', 'backspace', 'escape', 'arrowleft', 'arrowright', 'arrowup', 'arrowdown'].includes(key);
  return false;
}
