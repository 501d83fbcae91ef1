/**
 * Bound to Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl+Y while the whiteboard view has focus (package.json
 * keybindings), so VS Code never runs its own undo/redo on another editor from there; the page handles the
 * keys itself. Intentionally does nothing (the same technique as Excalidraw's extension).
 */
export function keepWhiteboardKey(): void {
  // No-op by design.
}
