/**
 * Toolbar icons as SVG built through the DOM: no inline styles or markup strings, so the page's strict CSP
 * holds (presentation attributes are not styles). 16×16, drawn with the button's text colour.
 */
const PATHS: Readonly<Record<string, string>> = {
  select: 'M4 2.5l8.5 5-3.8 1 2.2 4-1.6.8-2.2-4-3.1 2.5z',
  hand: 'M8 1.5v13M1.5 8h13M8 1.5L6.3 3.2M8 1.5l1.7 1.7M8 14.5l-1.7-1.7M8 14.5l1.7-1.7M1.5 8l1.7-1.7M1.5 8l1.7 1.7M14.5 8l-1.7-1.7M14.5 8l-1.7 1.7',
  pen: 'M2.5 13.5l1-3.5 7.5-7.5 2.5 2.5-7.5 7.5zM9.5 4l2.5 2.5',
  highlighter: 'M4 11l1.5-4 5.5-5.5 3 3-5.5 5.5zM4 11l-1.5 2.5h4L7 12M2 15h12',
  line: 'M3 13L13 3',
  arrow: 'M3 13L13 3M7 3h6v6',
  rect: 'M2.5 3.5h11v9h-11z',
  ellipse: 'M8 3.5c3.3 0 6 2 6 4.5s-2.7 4.5-6 4.5-6-2-6-4.5 2.7-4.5 6-4.5z',
  text: 'M3 3.5h10M8 3.5v9.5M6 13h4',
  eraser: 'M6 13.5L2.5 10l7.5-7.5L13.5 6zM6 13.5h8M5 7.5L8.5 11',
  undo: 'M5.5 2.5L2.5 5.5l3 3M2.5 5.5h7a3.5 3.5 0 010 7H6',
  redo: 'M10.5 2.5l3 3-3 3M13.5 5.5h-7a3.5 3.5 0 000 7H10',
  clear: 'M2.5 4h11M6 4V2.5h4V4M4 4l.8 9.5h6.4L12 4',
  deleteSelection: 'M4 4l8 8M12 4l-8 8',
  fit: 'M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4',
  zoomIn: 'M7 2.5a4.5 4.5 0 110 9 4.5 4.5 0 010-9zM10.5 10.5l3.5 3.5M5 7h4M7 5v4',
  zoomOut: 'M7 2.5a4.5 4.5 0 110 9 4.5 4.5 0 010-9zM10.5 10.5l3.5 3.5M5 7h4',
  send: 'M1.5 7.5l13-5.5-5 12.5-2-5.5zM7.5 9l7-7',
  boards: 'M2 3h12v10H2zM2 6h12M5.5 6v7',
};

const SVG = 'http://www.w3.org/2000/svg';

export function icon(name: keyof typeof PATHS | string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name] ?? '');
  path.setAttribute('fill', name === 'select' ? 'currentColor' : 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.3');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}
