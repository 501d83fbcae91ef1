import * as http from 'http';
import * as net from 'net';

/**
 * A minimal HTTP forward proxy for tests, on 127.0.0.1. It resolves the host names it is given itself, so a
 * request to a name no DNS knows (e.g. `dingtalk-sandbox.test`) can only succeed by going through it:
 * that is what proves a client honours a configured proxy.
 */
export interface ForwardProxy {
  readonly url: string;
  /** Requests seen: method, host and path (the query string is dropped: it can carry tokens). */
  readonly seen: Array<{ method: string; host: string; path: string }>;
  close(): Promise<void>;
}

export async function startForwardProxy(hosts: Record<string, { host: string; port: number }>): Promise<ForwardProxy> {
  const seen: ForwardProxy['seen'] = [];
  const resolve = (hostname: string, port: number): { host: string; port: number } | undefined => {
    const mapped = hosts[`${hostname}:${port}`] ?? hosts[hostname];
    return mapped ?? (hostname === '127.0.0.1' ? { host: hostname, port } : undefined);
  };
  const server = http.createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    const dest = resolve(target.hostname, Number(target.port || 80));
    seen.push({ method: req.method ?? '', host: target.host, path: target.pathname });
    if (!dest) {
      res.writeHead(502).end(`unknown host ${target.hostname}`);
      return;
    }
    const upstream = http.request(
      { host: dest.host, port: dest.port, method: req.method, path: `${target.pathname}${target.search}`, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  // WebSocket upgrades asked in absolute form: recorded, and relayed to the mapped address as they are.
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    seen.push({ method: `${req.method ?? ''} upgrade`, host: target.host, path: target.pathname });
    const dest = resolve(target.hostname, Number(target.port || 80));
    if (!dest) {
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = net.connect(dest.port, dest.host, () => {
      const lines = [`${req.method} ${target.pathname}${target.search} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  // CONNECT tunnels (https targets): recorded and tunnelled to the mapped address.
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const [hostname, port] = (req.url ?? '').split(':');
    seen.push({ method: 'CONNECT', host: req.url ?? '', path: '' });
    const dest = resolve(hostname, Number(port || 443));
    if (!dest) {
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = net.connect(dest.port, dest.host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
