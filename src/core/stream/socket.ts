/**
 * The WebSocket as the stream client sees it: a narrow interface so tests can watch or replace it, and the
 * adapter over the `ws` package (Node 20, the runtime of VS Code ≥ 1.90, has no WebSocket of its own).
 */

import WebSocket from 'ws';

/** What a socket reports. Exactly one `onClose` follows every socket, whether it opened or not. */
export interface SocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  /** `rejectedStatus`: the HTTP status when the server refused the upgrade (e.g. an expired ticket). */
  onClose(info: { code: number; reason: string; rejectedStatus?: number; error?: string }): void;
  onPong(): void;
}

export interface StreamSocket {
  send(text: string): void;
  /** A protocol-level ping; the peer answers with a pong (keep-alive). */
  ping(): void;
  close(code: number, reason: string): void;
  /** Drops the connection at once (a peer that stopped answering). */
  terminate(): void;
}

export type OpenSocket = (url: string, handlers: SocketHandlers) => StreamSocket;

/** Opens a real WebSocket with `ws`. */
export const openWsSocket: OpenSocket = (url, handlers) => {
  // Certificates are verified (the default); no proxy agent: see README "Message stream".
  const ws = new WebSocket(url, { handshakeTimeout: 15_000, perMessageDeflate: false });
  let rejectedStatus: number | undefined;
  let error: string | undefined;
  ws.on('open', () => handlers.onOpen());
  ws.on('message', (data, isBinary) => {
    if (!isBinary) handlers.onMessage(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8'));
  });
  ws.on('pong', () => handlers.onPong());
  ws.on('error', (err) => {
    // A refused upgrade (e.g. an expired ticket) is reported as "Unexpected server response: 401".
    const status = /Unexpected server response: (\d{3})/.exec(err.message)?.[1];
    if (status) rejectedStatus = Number(status);
    // ws quotes the URL (with the ticket) in some messages; only the code or the first words are kept.
    error = (err as NodeJS.ErrnoException).code ?? err.message.split(/\s+/).slice(0, 4).join(' ');
  });
  ws.on('close', (code, reason) => handlers.onClose({ code, reason: reason.toString('utf8'), rejectedStatus, error }));
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    ping: () => {
      if (ws.readyState === WebSocket.OPEN) ws.ping();
    },
    close: (code, reason) => {
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(code, reason);
    },
    terminate: () => ws.terminate(),
  };
};
