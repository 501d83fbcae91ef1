import { contentBounds } from '../shared/board/bounds';
import { BoardDocument } from '../shared/board/document';
import { Rect } from '../shared/board/geometry';
import { Shape } from '../shared/board/shapes';

/** The selected shapes' ids. Ids of shapes that no longer exist are dropped whenever the document changes. */
export class Selection {
  private ids = new Set<string>();
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly doc: BoardDocument) {
    doc.onChange(() => {
      const kept = [...this.ids].filter((id) => doc.has(id));
      if (kept.length !== this.ids.size) this.set(kept);
    });
  }

  get size(): number {
    return this.ids.size;
  }

  get current(): ReadonlySet<string> {
    return this.ids;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  set(ids: Iterable<string>): void {
    const next = new Set([...ids].filter((id) => this.doc.has(id)));
    if (next.size === this.ids.size && [...next].every((id) => this.ids.has(id))) return;
    this.ids = next;
    for (const l of this.listeners) l();
  }

  toggle(id: string): void {
    const next = new Set(this.ids);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.set(next);
  }

  clear(): void {
    this.set([]);
  }

  /** The selected shapes, bottom first. */
  shapes(): Shape[] {
    return this.doc.all().filter((s) => this.ids.has(s.id));
  }

  bounds(): Rect | undefined {
    return this.ids.size ? contentBounds(this.shapes()) : undefined;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }
}
