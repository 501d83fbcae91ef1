/**
 * Export size limits. Chromium refuses canvases past 32,767 px a side or ~268 million pixels; staying well inside
 * (and bounding one export's memory to 256 MB of pixels) is what keeps exports of big boards from failing.
 */
export const EXPORT_MAX_SIDE = 16_384;
export const EXPORT_MAX_PIXELS = 64 * 1024 * 1024;

/** The pixel ratio for a frame of w × h board units: `wanted`, or less if the image would break the limits. */
export function safePixelRatio(w: number, h: number, wanted: number): number {
  return Math.min(wanted, EXPORT_MAX_SIDE / w, EXPORT_MAX_SIDE / h, Math.sqrt(EXPORT_MAX_PIXELS / (w * h)));
}
