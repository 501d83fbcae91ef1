import * as vscode from 'vscode';
import { redactor } from '../core/redact';

/**
 * The only place secrets are read or written: VS Code's SecretStorage, which is the OS keychain
 * (Keychain on macOS, Credential Manager on Windows, libsecret on Linux).
 *
 * Keys are typed so a secret can never be stored under a free-form name; every value read or written is
 * registered with the redactor so it can never appear in a log line or an error message.
 */
export type SecretKey =
  | { readonly kind: 'webhookUrl'; readonly destination: string }
  | { readonly kind: 'signingSecret'; readonly destination: string }
  | { readonly kind: 'appSecret' };

const PREFIX = 'dingtalk';

export function secretKeyId(key: SecretKey): string {
  switch (key.kind) {
    case 'webhookUrl':
      return `${PREFIX}.destination.${encodeURIComponent(key.destination)}.webhookUrl`;
    case 'signingSecret':
      return `${PREFIX}.destination.${encodeURIComponent(key.destination)}.signingSecret`;
    case 'appSecret':
      return `${PREFIX}.app.appSecret`;
  }
}

export class Secrets {
  /** Key ids this extension wrote, so "Forget All Secrets" can remove them without enumerating the keychain. */
  private static readonly INDEX_KEY = `${PREFIX}.index`;

  constructor(private readonly storage: vscode.SecretStorage) {}

  async get(key: SecretKey): Promise<string | undefined> {
    const value = await this.storage.get(secretKeyId(key));
    redactor.addSecret(value);
    return value;
  }

  async set(key: SecretKey, value: string): Promise<void> {
    redactor.addSecret(value);
    const id = secretKeyId(key);
    await this.storage.store(id, value);
    const index = await this.index();
    if (!index.includes(id)) await this.storage.store(Secrets.INDEX_KEY, JSON.stringify([...index, id]));
  }

  async delete(key: SecretKey): Promise<void> {
    const id = secretKeyId(key);
    await this.storage.delete(id);
    const index = await this.index();
    if (index.includes(id)) await this.storage.store(Secrets.INDEX_KEY, JSON.stringify(index.filter((k) => k !== id)));
  }

  /** Removes every secret this extension stored. Returns how many were removed. */
  async deleteAll(): Promise<number> {
    const index = await this.index();
    for (const id of index) await this.storage.delete(id);
    await this.storage.delete(Secrets.INDEX_KEY);
    return index.length;
  }

  /** Loads every stored secret into the redactor at start-up, so even early log lines are safe. */
  async primeRedactor(): Promise<void> {
    for (const id of await this.index()) redactor.addSecret(await this.storage.get(id));
  }

  onDidChange(listener: (keyId: string) => void): vscode.Disposable {
    return this.storage.onDidChange((e) => listener(e.key));
  }

  private async index(): Promise<string[]> {
    const raw = await this.storage.get(Secrets.INDEX_KEY);
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }
}
