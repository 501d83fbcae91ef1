import { Point } from '../../shared/board/geometry';
import { TextShape } from '../../shared/board/shapes';
import { Viewport } from '../../shared/board/viewport';
import type { Renderer } from '../render/renderer';
import type { ScreenTheme } from '../render/theme';
import type { Selection } from '../selection';
import type { BoardSession } from '../session';

export const TOOL_IDS = ['select', 'hand', 'pen', 'highlighter', 'line', 'arrow', 'rect', 'ellipse', 'text', 'eraser'] as const;
export type ToolId = (typeof TOOL_IDS)[number];

/** What a tool may use: the board session, the selection, the renderer and the current style. */
export interface ToolHost {
  readonly session: BoardSession;
  readonly selection: Selection;
  readonly renderer: Renderer;
  theme(): ScreenTheme;
  /** The palette colour and stroke width chosen in the toolbar. */
  style(): { color: string; width: number };
  /** Board units per screen pixel at the current zoom. */
  pixel(): number;
  /** Opens the text editor at a board point, or on an existing text block. */
  editText(at: Point, existing?: TextShape): void;
}

/** A drawing tool: receives pointer input in board coordinates and may paint a live preview. */
export interface Tool {
  readonly cursor: string;
  down(p: Point, e: PointerEvent): void;
  move(p: Point, e: PointerEvent): void;
  up(p: Point, e: PointerEvent): void;
  /** The pointer moved with no button pressed. */
  hover?(p: Point): void;
  /** Abandons whatever is in progress (Escape, a pinch starting, the tool changing). */
  cancel(): void;
  /** Draws the in-progress shape, in board units. */
  overlay?(ctx: CanvasRenderingContext2D, v: Viewport): void;
  /** The cursor to show when hovering at p, if it depends on what is under the pointer. */
  hoverCursor?(p: Point): string | undefined;
}
