import { TEXT_LINE_HEIGHT } from './style';

/** Text layout rules shared by the canvas, the SVG export and the text editor overlay. */

export function textLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

export function lineHeight(size: number): number {
  return size * TEXT_LINE_HEIGHT;
}

/** Distance from a line's top to its alphabetic baseline (half the leading above, then the ascent). */
export function baselineOffset(size: number): number {
  return (size * (TEXT_LINE_HEIGHT - 1)) / 2 + size * 0.86;
}

/** Tabs become spaces (4 columns) so measured width and drawn text agree in every renderer. */
export function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(4 - (out.length % 4)) : ch;
  return out;
}
