import { Point } from '../../shared/board/geometry';
import { shapeAt } from '../../shared/board/hitTest';
import { Tool, ToolHost } from './tool';

/** Click to write; click an existing text block to edit it. The editing itself is the text editor overlay. */
export class TextTool implements Tool {
  readonly cursor = 'text';

  constructor(private readonly host: ToolHost) {}

  down(): void {
    // Nothing until release: a text box opens where the click ends.
  }

  move(): void {}

  up(p: Point): void {
    const hit = shapeAt(this.host.session.doc, p, 2 * this.host.pixel());
    this.host.editText(p, hit?.type === 'text' ? hit : undefined);
  }

  cancel(): void {}
}
