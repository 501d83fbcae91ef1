import { BoardDocument } from './document';
import { Transaction, invertTransaction } from './operations';

/**
 * Undo and redo for a document. `commit` applies a user's transaction and forgets anything that could have
 * been redone; `undo` and `redo` apply the inverse or the original again and return what they applied, so the
 * caller can send exactly that to the host.
 */
export class History {
  private readonly done: Transaction[] = [];
  private readonly undone: Transaction[] = [];

  constructor(
    private readonly doc: BoardDocument,
    private readonly limit = 500,
  ) {}

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Applies and records a transaction; returns it, or undefined when it was empty. */
  commit(tx: Transaction): Transaction | undefined {
    if (tx.length === 0) return undefined;
    this.doc.apply(tx);
    this.done.push(tx);
    if (this.done.length > this.limit) this.done.shift();
    this.undone.length = 0;
    return tx;
  }

  /** Undoes the last transaction; if the document refuses (a conflict), nothing moves between the stacks. */
  undo(): Transaction | undefined {
    const tx = this.done[this.done.length - 1];
    if (!tx) return undefined;
    const inverse = invertTransaction(tx);
    this.doc.apply(inverse);
    this.done.pop();
    this.undone.push(tx);
    return inverse;
  }

  redo(): Transaction | undefined {
    const tx = this.undone[this.undone.length - 1];
    if (!tx) return undefined;
    this.doc.apply(tx);
    this.undone.pop();
    this.done.push(tx);
    return tx;
  }

  clear(): void {
    this.done.length = 0;
    this.undone.length = 0;
  }
}
