import { contentBounds, exportFrame } from '../../shared/board/bounds';
import { Shape } from '../../shared/board/shapes';
import { safePixelRatio } from '../../shared/board/exportSize';
import { EXPORT_THEME } from '../../shared/board/style';
import { boardToSvg } from '../../shared/board/svg';
import { paintShapes } from './painter';

export interface PngExport {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** The ratio actually used: lower than asked only when the image would exceed the canvas limits. */
  readonly pixelRatio: number;
}

/**
 * Renders shapes to a PNG on the export paper, cropped to their bounds plus `margin`, at `pixelRatio`
 * (lowered if the canvas limits require it). Undefined when there is nothing to draw.
 */
export async function renderPng(shapes: readonly Shape[], pixelRatio: number, margin: number): Promise<PngExport | undefined> {
  const content = contentBounds(shapes);
  if (!content) return undefined;
  const frame = exportFrame(content, margin);
  const ratio = safePixelRatio(frame.w, frame.h, pixelRatio);
  const width = Math.max(1, Math.round(frame.w * ratio));
  const height = Math.max(1, Math.round(frame.h * ratio));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error(`could not create a ${width}×${height} canvas`);
  ctx.fillStyle = EXPORT_THEME.background;
  ctx.fillRect(0, 0, width, height);
  ctx.setTransform(ratio, 0, 0, ratio, -frame.x * ratio, -frame.y * ratio);
  paintShapes(ctx, shapes, { ink: EXPORT_THEME.ink, codeBackground: EXPORT_THEME.codeBackground }, { zoom: ratio });
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  // Release the bitmap now rather than at the next GC: exports can be large.
  canvas.width = 0;
  canvas.height = 0;
  if (!blob) throw new Error(`the browser could not encode a ${width}×${height} PNG`);
  return { data: new Uint8Array(await blob.arrayBuffer()), width, height, pixelRatio: ratio };
}

/** The SVG export of shapes, cropped like the PNG. Undefined when there is nothing to draw. */
export function renderSvg(shapes: readonly Shape[], margin: number): { svg: string; width: number; height: number } | undefined {
  const content = contentBounds(shapes);
  if (!content) return undefined;
  const frame = exportFrame(content, margin);
  return { svg: boardToSvg(shapes, frame), width: frame.w, height: frame.h };
}
