/**
 * Which key presses typed into the text box stay in the page. The webview host forwards every keydown it sees to
 * the workbench, where Ctrl+Z would run VS Code's undo on some other editor and a letter could trigger a
 * shortcut; stopping the event's propagation inside the page (before it reaches the host's listener on the
 * window) keeps it here. VS Code's own shortcuts (Ctrl+P, F1, Ctrl+Shift+P, …) still reach VS Code.
 */
export function keepTypingKey(e: KeyboardEvent): boolean {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey) return ['z', 'y', 'a', 'c', 'v', 'x', 'enter', 'arrowleft', 'arrowright', 'backspace', 'delete', 'home', 'end'].includes(key);
  return !e.altKey && !/^F\d+$/.test(e.key) && key !== 'tab';
}
