/**
 * The board's visual vocabulary, shared by the screen renderer, the PNG export and the SVG export so all three
 * draw the same thing.
 */

/** Palette colours: mid-tones that read on light and dark editor backgrounds and on the export's paper. */
export const PALETTE = [
  { key: 'ink', color: 'ink' },
  { key: 'red', color: '#e03131' },
  { key: 'orange', color: '#f08c00' },
  { key: 'yellow', color: '#fab005' },
  { key: 'green', color: '#2f9e44' },
  { key: 'blue', color: '#1c7ed6' },
  { key: 'violet', color: '#9c36b5' },
] as const;

export type PaletteKey = (typeof PALETTE)[number]['key'];

/** Stroke widths in board units (thin, medium, bold); the highlighter and text scale them. */
export const STROKE_WIDTHS = [2, 4, 8] as const;
export const HIGHLIGHTER_WIDTH_FACTOR = 4;
export const HIGHLIGHTER_ALPHA = 0.35;
/** Text font size for each stroke width choice. */
export const TEXT_SIZES: Readonly<Record<number, number>> = { 2: 16, 4: 22, 8: 32 };
export const CODE_TEXT_SIZE = 14;
export const TEXT_LINE_HEIGHT = 1.3;
/** Padding of a code block's panel around its text. */
export const CODE_PADDING = 8;

/**
 * Font stacks with the CJK system fonts of every platform (PingFang / Hiragino on macOS, Microsoft YaHei on
 * Windows, Noto/Source Han/WenQuanYi on Linux), so Chinese text never falls back to boxes.
 */
export const FONT_SANS =
  '"Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, sans-serif';
export const FONT_MONO =
  '"Cascadia Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", "WenQuanYi Micro Hei Mono", "Microsoft YaHei", monospace';

/** Export colours: paper that DingTalk shows as a clear card in its light and its dark theme. */
export const EXPORT_THEME = {
  background: '#ffffff',
  ink: '#1f2328',
  codeBackground: '#f3f4f6',
  border: '#d0d7de',
} as const;

/** Margin around the content in exports, in board units. */
export const EXPORT_MARGIN = 24;
export const EXPORT_PIXEL_RATIO = 2;

/** Arrowhead length for a stroke width. */
export function arrowHeadLength(width: number): number {
  return Math.max(10, width * 4);
}

export function resolveColor(color: string, ink: string): string {
  return color === 'ink' ? ink : color;
}
