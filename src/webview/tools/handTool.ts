import { Tool } from './tool';

/** The hand: dragging pans the view (the app does the panning, for this tool, the space bar and the middle button). */
export class HandTool implements Tool {
  readonly cursor = 'grab';
  down(): void {}
  move(): void {}
  up(): void {}
  cancel(): void {}
}
