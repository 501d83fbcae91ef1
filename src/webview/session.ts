import { BoardDocument } from '../shared/board/document';
import { History } from '../shared/board/history';
import { Transaction } from '../shared/board/operations';
import type { BoardSnapshot, WebviewToHost } from '../shared/protocol';

/**
 * The board being edited in the page: its document, undo history and revision. Every change goes through
 * here and is reported to the host as the exact transaction applied (undo sends the inverse), tagged with the
 * revision it produces.
 */
export class BoardSession {
  readonly doc = new BoardDocument();
  readonly history = new History(this.doc);
  boardId = '';
  name = '';
  private rev = 0;
  private readonly changeListeners: Array<() => void> = [];

  constructor(private readonly send: (msg: WebviewToHost) => void) {}

  get revision(): number {
    return this.rev;
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  load(board: BoardSnapshot): void {
    this.boardId = board.id;
    this.name = board.name;
    this.rev = board.rev;
    this.history.clear();
    this.doc.reset(board.shapes);
    this.changed();
  }

  /** Applies and records a user's transaction; false when it was empty or did not fit the document. */
  commit(tx: Transaction): boolean {
    return this.run(() => this.history.commit(tx));
  }

  undo(): boolean {
    return this.run(() => this.history.undo());
  }

  redo(): boolean {
    return this.run(() => this.history.redo());
  }

  sendSnapshot(): void {
    this.send({ type: 'snapshot', boardId: this.boardId, rev: this.rev, shapes: this.doc.all() });
  }

  private run(step: () => Transaction | undefined): boolean {
    let applied: Transaction | undefined;
    try {
      applied = step();
    } catch (err) {
      this.send({ type: 'log', level: 'error', message: `whiteboard: a change did not apply: ${(err as Error).message}` });
      return false;
    }
    if (!applied) return false;
    this.rev++;
    this.send({ type: 'ops', boardId: this.boardId, rev: this.rev, tx: applied });
    this.changed();
    return true;
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }
}
