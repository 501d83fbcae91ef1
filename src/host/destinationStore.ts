import * as vscode from 'vscode';
import { AppConfig, Destination, parseAppConfig, parseDestinations } from '../core/destinations/destination';
import { Secrets } from './secrets';

const DESTINATIONS_KEY = 'dingtalk.destinations';
const APP_KEY = 'dingtalk.app';

/** What a custom-robot destination needs from the keychain to send. */
export interface CustomRobotCredentials {
  readonly webhookUrl: string;
  readonly signingSecret?: string;
}

/**
 * Destinations and the enterprise app's configuration. Metadata (names, kinds, openConversationId, AppKey,
 * robotCode) goes to global state, shared by every window; every secret goes to SecretStorage only.
 */
export class DestinationStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: Secrets,
  ) {}

  list(): Destination[] {
    return parseDestinations(this.state.get<unknown>(DESTINATIONS_KEY));
  }

  get(name: string): Destination | undefined {
    return this.list().find((d) => d.name === name);
  }

  /** Adds or replaces a custom-robot destination; the webhook URL and signing secret go to the keychain. */
  async saveCustomRobot(destination: Omit<Extract<Destination, { kind: 'customRobot' }>, 'signed'>, credentials: CustomRobotCredentials): Promise<void> {
    await this.secrets.set({ kind: 'webhookUrl', destination: destination.name }, credentials.webhookUrl);
    if (credentials.signingSecret) await this.secrets.set({ kind: 'signingSecret', destination: destination.name }, credentials.signingSecret);
    else await this.secrets.delete({ kind: 'signingSecret', destination: destination.name });
    await this.put({ ...destination, kind: 'customRobot', signed: Boolean(credentials.signingSecret) });
  }

  async saveAppGroup(destination: Extract<Destination, { kind: 'appGroup' }>): Promise<void> {
    await this.put(destination);
  }

  async remove(name: string): Promise<void> {
    await this.secrets.delete({ kind: 'webhookUrl', destination: name });
    await this.secrets.delete({ kind: 'signingSecret', destination: name });
    await this.state.update(DESTINATIONS_KEY, this.list().filter((d) => d.name !== name));
    this.changed.fire();
  }

  async customRobotCredentials(name: string): Promise<CustomRobotCredentials | undefined> {
    const webhookUrl = await this.secrets.get({ kind: 'webhookUrl', destination: name });
    if (!webhookUrl) return undefined;
    const signingSecret = await this.secrets.get({ kind: 'signingSecret', destination: name });
    return { webhookUrl, ...(signingSecret ? { signingSecret } : {}) };
  }

  /** Updates the signing secret of an existing custom-robot destination (the "Update signing secret" action). */
  async updateSigningSecret(name: string, signingSecret: string | undefined): Promise<void> {
    const existing = this.get(name);
    if (!existing || existing.kind !== 'customRobot') return;
    if (signingSecret) await this.secrets.set({ kind: 'signingSecret', destination: name }, signingSecret);
    else await this.secrets.delete({ kind: 'signingSecret', destination: name });
    await this.put({ ...existing, signed: Boolean(signingSecret) });
  }

  app(): AppConfig | undefined {
    return parseAppConfig(this.state.get<unknown>(APP_KEY));
  }

  async appSecret(): Promise<string | undefined> {
    return this.secrets.get({ kind: 'appSecret' });
  }

  async saveApp(config: AppConfig, appSecret: string): Promise<void> {
    await this.secrets.set({ kind: 'appSecret' }, appSecret);
    await this.state.update(APP_KEY, config);
    this.changed.fire();
  }

  /** Removes every destination's secrets and the AppSecret; metadata stays so the user can re-enter them. */
  async forgetAllSecrets(): Promise<number> {
    const n = await this.secrets.deleteAll();
    this.changed.fire();
    return n;
  }

  private async put(destination: Destination): Promise<void> {
    const others = this.list().filter((d) => d.name !== destination.name);
    await this.state.update(DESTINATIONS_KEY, [...others, destination]);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
