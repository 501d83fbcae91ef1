import * as vscode from 'vscode';
import { redactor } from '../core/redact';
import type { SessionWebhook } from '../core/stream/sessionWebhook';

export const SESSIONS_SECRET_KEY = 'dingtalk.stream.sessionWebhooks';
/** Bound on remembered sessions (the inbox keeps 200 messages; older ones have expired anyway). */
const MAX_SESSIONS = 200;

/**
 * Session webhooks of received messages, by msgId. Anyone holding one can post into the group as the robot for
 * ~90 minutes, so they are kept where secrets are — VS Code's SecretStorage (the OS keychain), shared by every
 * window — and never in the inbox files. Expired ones are dropped on every write; "Forget All Secrets" and
 * removing the app clear them (see StreamService). Only the window holding the connection writes.
 */
export class StreamSessions {
  /** Sessions waiting to be written; a burst of messages becomes one keychain write. */
  private pending: Record<string, SessionWebhook> = {};
  private writing?: Promise<void>;

  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly now: () => number = Date.now,
  ) {}

  async get(msgId: string): Promise<SessionWebhook | undefined> {
    const session = this.pending[msgId] ?? (await this.read())[msgId];
    if (session) redactor.addSecret(session.url);
    return session;
  }

  /** Resolves once the session is in the keychain. */
  async put(msgId: string, session: SessionWebhook): Promise<void> {
    redactor.addSecret(session.url);
    this.pending[msgId] = session;
    // Wait for a write that started after this call (the one in flight may not include it).
    while (msgId in this.pending) {
      this.writing ??= this.flush().finally(() => (this.writing = undefined));
      await this.writing;
    }
  }

  async clear(): Promise<void> {
    await this.writing;
    this.pending = {};
    await this.storage.delete(SESSIONS_SECRET_KEY);
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = {};
    try {
      const all = { ...(await this.read()), ...batch };
      const now = this.now();
      const live = Object.entries(all)
        .filter(([, s]) => s.expiresAt > now)
        .sort((a, b) => b[1].expiresAt - a[1].expiresAt)
        .slice(0, MAX_SESSIONS);
      await this.storage.store(SESSIONS_SECRET_KEY, JSON.stringify(Object.fromEntries(live)));
    } catch (err) {
      // Keep them for the next attempt, unless newer entries replaced them meanwhile.
      this.pending = { ...batch, ...this.pending };
      throw err;
    }
  }

  private async read(): Promise<Record<string, SessionWebhook>> {
    const raw = await this.storage.get(SESSIONS_SECRET_KEY);
    if (!raw) return {};
    try {
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      const out: Record<string, SessionWebhook> = {};
      for (const [id, v] of Object.entries(parsed)) {
        const s = v as Partial<SessionWebhook> | null;
        if (s && typeof s.url === 'string' && typeof s.expiresAt === 'number') out[id] = { url: s.url, expiresAt: s.expiresAt };
      }
      return out;
    } catch {
      return {};
    }
  }
}
