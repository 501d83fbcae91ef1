import type { Page } from 'playwright-core';
import { StrokeBuilder } from '../../src/shared/board/freehand';
import { serializeBoard } from '../../src/shared/board/serialize';
import { Shape, normalizeShape } from '../../src/shared/board/shapes';
import { launchBrowser } from '../runner/browser';
import { BenchFigure, figure, median, percentile } from './figures';
import { scribbleBoard } from './whiteboardFixture';
import { startWhiteboardPage } from './whiteboardPage';

/**
 * Whiteboard benchmarks, in the same headless Chromium the tests use, on the real webview bundle:
 *  - frame time while panning and zooming a 10,000-stroke board with real wheel input (each frame's drawing is
 *    flushed with a 1-pixel readback so deferred rasterisation is counted);
 *  - PNG export of a 2,000 × 1,500 board at 2× through the page's export path (the `render` message), as a ratio
 *    to Chromium's own canvas.toBlob of a canvas with the same pixels, measured in the same run;
 *  - bytes per stroke in the .dtboard text, for strokes that went through the pen's real input pipeline.
 */

// The page-side callbacks run in Chromium; this tsconfig has Node's types only, so name the DOM bits they use.
declare const window: unknown;
declare const document: { createElement(tag: 'canvas'): PageCanvas };
declare function requestAnimationFrame(cb: () => void): number;
declare function createImageBitmap(blob: Blob): Promise<unknown>;
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d', options: { alpha: boolean }): { drawImage(image: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): unknown } | null;
  toBlob(callback: (blob: Blob | null) => void, type: string): void;
}

interface ProbeWindow {
  dingtalkWhiteboard: { renderer: { frameTimes: number[] | undefined; cachedTiles: number } };
  posted: Array<{ type: string; requestId?: number; result?: { ok: boolean; data?: Uint8Array; width?: number; height?: number } }>;
}

async function nextFrames(page: Page, n = 1): Promise<void> {
  await page.evaluate(async (count) => {
    for (let i = 0; i < count; i++) await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  }, n);
}

async function panZoom(): Promise<BenchFigure[]> {
  const strokes = 10_000;
  const page0 = await startWhiteboardPage({ id: 'bench', name: 'bench', rev: 0, shapes: scribbleBoard(strokes, 6000, 4000, 7) });
  const browser = await launchBrowser({ viewport: { width: 1000, height: 760 } });
  try {
    const page = await browser.context.newPage();
    await page.goto(page0.url);
    await page.waitForSelector('body[data-ready="true"]');
    const box = (await page.locator('#board').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // Warm up: let the first view's tiles paint, then start counting.
    await nextFrames(page, 60);
    await page.evaluate(() => ((window as unknown as ProbeWindow).dingtalkWhiteboard.renderer.frameTimes = []));
    const wheel = async (dx: number, dy: number, zoom = false): Promise<void> => {
      if (zoom) await page.keyboard.down('Control');
      await page.mouse.wheel(dx, dy);
      if (zoom) await page.keyboard.up('Control');
      await nextFrames(page);
    };
    // Pan across the zoomed-out board, zoom in on a detail, pan there, zoom back out: what a user does.
    for (let i = 0; i < 40; i++) await wheel(40, 25);
    for (let i = 0; i < 25; i++) await wheel(0, -60, true);
    for (let i = 0; i < 40; i++) await wheel(-30, 20);
    for (let i = 0; i < 25; i++) await wheel(0, 60, true);
    for (let i = 0; i < 40; i++) await wheel(-40, -25);
    await nextFrames(page, 30);
    const times = await page.evaluate(() => (window as unknown as ProbeWindow).dingtalkWhiteboard.renderer.frameTimes ?? []);
    if (times.length < 100) throw new Error(`only ${times.length} frames were drawn`);
    return [
      figure(`pan/zoom frame time p95, ${strokes.toLocaleString('en')} strokes`, percentile(times, 95), 'ms', undefined, `${times.length} frames; target ≤ 16 ms`),
      figure('pan/zoom frame time median', median(times), 'ms'),
      figure('pan/zoom frame time max', Math.max(...times), 'ms'),
    ];
  } finally {
    await browser.close();
    await page0.close();
  }
}

async function exportRatio(): Promise<BenchFigure[]> {
  const board = scribbleBoard(2_000, 2000, 1500, 11);
  const page0 = await startWhiteboardPage({ id: 'export', name: 'export', rev: 0, shapes: board });
  const browser = await launchBrowser({ viewport: { width: 900, height: 700 } });
  try {
    const page = await browser.context.newPage();
    await page.goto(page0.url);
    await page.waitForSelector('body[data-ready="true"]');
    const runs = await page.evaluate(async () => {
      const w = window as unknown as ProbeWindow;
      let requestId = 1000;
      /** The board's export, as the host asks for it: a render message answered by a rendered message. */
      const exportOnce = async (): Promise<{ ms: number; bytes: Uint8Array; width: number; height: number }> => {
        const id = ++requestId;
        const started = performance.now();
        (window as { postMessage(m: unknown, origin: string): void }).postMessage({ type: 'render', requestId: id, format: 'png', pixelRatio: 2, margin: 24 }, '*');
        for (;;) {
          const m = w.posted.find((p) => p.type === 'rendered' && p.requestId === id);
          if (m?.result?.data) return { ms: performance.now() - started, bytes: m.result.data, width: m.result.width!, height: m.result.height! };
          await new Promise((r) => setTimeout(r, 0));
        }
      };
      /** Chromium's own encoder on a canvas holding exactly the exported pixels. */
      const baselineOnce = async (png: Uint8Array, width: number, height: number): Promise<number> => {
        const bitmap = await createImageBitmap(new Blob([png], { type: 'image/png' }));
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const ctx = canvas.getContext('2d', { alpha: false })!;
        ctx.drawImage(bitmap, 0, 0);
        ctx.getImageData(0, 0, 1, 1);
        const started = performance.now();
        const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
        await blob!.arrayBuffer();
        return performance.now() - started;
      };
      const out: Array<{ exportMs: number; baselineMs: number; width: number; height: number; bytes: number }> = [];
      await exportOnce(); // warm-up (fonts, code paths)
      for (let i = 0; i < 5; i++) {
        const e = await exportOnce();
        const b = await baselineOnce(e.bytes, e.width, e.height);
        out.push({ exportMs: e.ms, baselineMs: b, width: e.width, height: e.height, bytes: e.bytes.byteLength });
      }
      return out;
    });
    const exportMs = median(runs.map((r) => r.exportMs));
    const baselineMs = median(runs.map((r) => r.baselineMs));
    const { width, height, bytes } = runs[0];
    return [
      figure(`PNG export 2,000×1,500 board at 2× (${width}×${height} px, ${(bytes / 1024).toFixed(0)} KiB)`, exportMs, 'ms', { name: 'canvas.toBlob, same pixels', value: baselineMs }, 'target ratio ≤ 1.5'),
    ];
  } finally {
    await browser.close();
    await page0.close();
  }
}

/** Pointer samples along a hand-like curve (60 Hz mouse: 3–8 px apart, with jitter), as the pen receives them. */
function handStrokes(count: number, seed = 5): Shape[] {
  let s = seed;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const shapes: Shape[] = [];
  for (let i = 0; i < count; i++) {
    const b = new StrokeBuilder(0.4, 0.5);
    let x = rnd() * 3000;
    let y = rnd() * 2000;
    let angle = rnd() * Math.PI * 2;
    const samples = 15 + Math.floor(rnd() * 45);
    for (let k = 0; k < samples; k++) {
      angle += (rnd() - 0.5) * 0.5;
      const step = 3 + rnd() * 5;
      x += Math.cos(angle) * step + (rnd() - 0.5);
      y += Math.sin(angle) * step + (rnd() - 0.5);
      b.add(Math.round(x), Math.round(y)); // mouse coordinates are whole pixels
    }
    shapes.push(normalizeShape({ id: `p${i.toString(36)}`, type: 'pen', color: 'ink', width: 4, points: b.finish(0.35) }));
  }
  return shapes;
}

function bytesPerStroke(): BenchFigure[] {
  const strokes = handStrokes(10_000);
  const text = serializeBoard(strokes);
  const points = strokes.reduce((n, s) => n + (s.type === 'pen' ? s.points.length / 2 : 0), 0);
  return [figure('.dtboard bytes per pen stroke (10,000 hand-like strokes)', Buffer.byteLength(text) / strokes.length, 'B', undefined, `${(points / strokes.length).toFixed(1)} points per stroke after simplification`)];
}

export async function run(): Promise<BenchFigure[]> {
  return [...(await panZoom()), ...(await exportRatio()), ...bytesPerStroke()];
}
