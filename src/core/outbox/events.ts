/**
 * A tiny typed event emitter for the core (the host wraps it in vscode.EventEmitter if it wants to; the core
 * must not import vscode). Shaped like VS Code's `Event<T>` so host code reads the same.
 */

/** Something that can be released. Compatible with vscode.Disposable. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes `listener`; dispose the result to unsubscribe. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/** Emits values of type T to subscribers, in subscription order. */
export class Emitter<T> implements Disposable {
  private listeners: ((value: T) => void)[] = [];
  private disposed = false;

  /**
   * @param onListenerError Receives an exception thrown by a listener. A faulty listener must not break
   *   delivery or starve the listeners after it, so errors are reported here instead of propagating.
   */
  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {}

  /** The subscription function to expose publicly. */
  readonly event: Event<T> = (listener) => {
    if (this.disposed) return { dispose: () => undefined };
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  };

  /** Calls every current listener with `value`. */
  fire(value: T): void {
    // Copy: a listener may unsubscribe (or subscribe) while we iterate.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  /** Drops every listener; later subscriptions are ignored. */
  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
