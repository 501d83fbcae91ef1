import type { IncomingMessage, ServerResponse } from 'http';
import type { ChangeKind, SandboxStore } from './store';

/**
 * Server-Sent Events at /__sandbox/events: one `change` event per state change, so the page can
 * refetch its view. A comment line every 15 s keeps idle connections from timing out.
 */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly onChange = (kind: ChangeKind) => this.broadcast('change', { kind });

  constructor(private readonly store: SandboxStore) {
    store.on('change', this.onChange);
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), 15_000);
    this.heartbeat.unref();
  }

  subscribe(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.store.off('change', this.onChange);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private broadcast(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private write(chunk: string): void {
    for (const res of this.clients) res.write(chunk);
  }
}
