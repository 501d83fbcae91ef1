import { drawnWidth } from './bounds';
import { Rect } from './geometry';
import { PathSink, arrowHead, traceFreehand } from './paths';
import { Shape } from './shapes';
import { CODE_PADDING, EXPORT_THEME, FONT_MONO, FONT_SANS, HIGHLIGHTER_ALPHA, resolveColor } from './style';
import { baselineOffset, expandTabs, lineHeight, textLines } from './text';

/** SVG export: a standalone document drawn from the same geometry as the canvas, no DOM needed. */

function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

class PathData implements PathSink {
  d = '';
  moveTo(x: number, y: number): void {
    this.d += `M${n(x)} ${n(y)}`;
  }
  lineTo(x: number, y: number): void {
    this.d += `L${n(x)} ${n(y)}`;
  }
  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void {
    this.d += `Q${n(cx)} ${n(cy)} ${n(x)} ${n(y)}`;
  }
}

function strokeAttrs(color: string, width: number, opacity = 1): string {
  return `fill="none" stroke="${escapeXml(color)}" stroke-width="${n(width)}" stroke-linecap="round" stroke-linejoin="round"${opacity < 1 ? ` stroke-opacity="${opacity}"` : ''}`;
}

function shapeSvg(s: Shape, ink: string): string {
  const color = resolveColor(s.color, ink);
  switch (s.type) {
    case 'pen':
    case 'highlighter': {
      const path = new PathData();
      traceFreehand(s.points, path);
      return `<path d="${path.d}" ${strokeAttrs(color, drawnWidth(s), s.type === 'highlighter' ? HIGHLIGHTER_ALPHA : 1)}/>`;
    }
    case 'line':
      return `<line x1="${n(s.x1)}" y1="${n(s.y1)}" x2="${n(s.x2)}" y2="${n(s.y2)}" ${strokeAttrs(color, s.width)}/>`;
    case 'arrow': {
      const [lx, ly, rx, ry] = arrowHead(s.x1, s.y1, s.x2, s.y2, s.width);
      const d = `M${n(s.x1)} ${n(s.y1)}L${n(s.x2)} ${n(s.y2)}M${n(lx)} ${n(ly)}L${n(s.x2)} ${n(s.y2)}L${n(rx)} ${n(ry)}`;
      return `<path d="${d}" ${strokeAttrs(color, s.width)}/>`;
    }
    case 'rect':
      return `<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.w)}" height="${n(s.h)}" ${strokeAttrs(color, s.width)}/>`;
    case 'ellipse':
      return `<ellipse cx="${n(s.x + s.w / 2)}" cy="${n(s.y + s.h / 2)}" rx="${n(s.w / 2)}" ry="${n(s.h / 2)}" ${strokeAttrs(color, s.width)}/>`;
    case 'text': {
      const mono = s.font === 'mono';
      const panel = mono
        ? `<rect x="${n(s.x - CODE_PADDING)}" y="${n(s.y - CODE_PADDING)}" width="${n(s.w + 2 * CODE_PADDING)}" height="${n(s.h + 2 * CODE_PADDING)}" rx="4" fill="${EXPORT_THEME.codeBackground}"/>`
        : '';
      const spans = textLines(s.text)
        .map((line, i) => `<tspan x="${n(s.x)}" y="${n(s.y + i * lineHeight(s.size) + baselineOffset(s.size))}">${escapeXml(expandTabs(line))}</tspan>`)
        .join('');
      return `${panel}<text font-family="${escapeXml(mono ? FONT_MONO : FONT_SANS)}" font-size="${n(s.size)}" fill="${escapeXml(color)}" xml:space="preserve">${spans}</text>`;
    }
  }
}

/** A standalone SVG of `shapes` showing the board rectangle `frame` on the export paper. */
export function boardToSvg(shapes: readonly Shape[], frame: Rect, options: { background?: string; ink?: string } = {}): string {
  const background = options.background ?? EXPORT_THEME.background;
  const ink = options.ink ?? EXPORT_THEME.ink;
  const body = shapes.map((s) => shapeSvg(s, ink)).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(frame.w)}" height="${n(frame.h)}" viewBox="${n(frame.x)} ${n(frame.y)} ${n(frame.w)} ${n(frame.h)}">`,
    `<rect x="${n(frame.x)}" y="${n(frame.y)}" width="${n(frame.w)}" height="${n(frame.h)}" fill="${escapeXml(background)}"/>`,
    body,
    '</svg>',
    '',
  ].join('\n');
}
