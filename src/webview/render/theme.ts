import { PaintTheme } from './painter';

/** The screen theme, read from VS Code's colour variables (the webview's body carries them). */
export interface ScreenTheme extends PaintTheme {
  readonly background: string;
  readonly selection: string;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function readTheme(): ScreenTheme {
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  return {
    ink: cssVar('--vscode-editor-foreground', dark ? '#d4d4d4' : '#1f2328'),
    background: cssVar('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    codeBackground: cssVar('--vscode-textCodeBlock-background', dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.05)'),
    selection: cssVar('--vscode-focusBorder', '#0078d4'),
  };
}

/** Calls back when VS Code switches theme (it rewrites the body's class and style). */
export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class', 'style', 'data-vscode-theme-id'] });
}
