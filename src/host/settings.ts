import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../constants';
import { Member, parseMembers } from '../core/destinations/members';
import type { HostKind } from '../core/send/remoteUrl';
import { DEFAULT_GATEWAY_URL, gatewayUrlFor } from '../core/stream/gateway';

/**
 * Typed access to the extension's settings. Defaults here match package.json.
 *
 * Settings that decide where traffic (and therefore secrets) goes are `machine`-scoped in the manifest and
 * read only from the user/machine layer here, and are ignored in untrusted workspaces: a cloned repository's
 * `.vscode/settings.json` can never redirect anyone's credentials.
 */
export interface NetworkEndpoints {
  /** Base URL of the "oapi" surface (custom robot, media upload, topapi). */
  readonly oapiBaseUrl: string;
  /** Base URL of the v1.0 REST surface (tokens, app robot, to-dos, groups). */
  readonly apiBaseUrl: string;
}

export const DEFAULT_ENDPOINTS: NetworkEndpoints = {
  oapiBaseUrl: 'https://oapi.dingtalk.com',
  apiBaseUrl: 'https://api.dingtalk.com',
};

export class Settings {
  /**
   * Resource-scoped settings (members, secret guard, git hosts…) are read for the file being worked on, so a
   * folder's own .vscode/settings.json counts in a multi-root workspace.
   */
  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(CONFIG_SECTION, vscode.window.activeTextEditor?.document.uri);
  }

  /** The name of the destination used when none is chosen; a name only, so safe to commit. */
  get defaultDestination(): string {
    return this.config.get<string>('defaultDestination', '').trim();
  }

  /**
   * Sets the default destination: for this workspace when the user chooses one (a name only, safe to commit), or
   * for the user (`scope: 'user'`) when it is set implicitly, so no file appears in the user's repository unasked.
   */
  async setDefaultDestination(name: string, scope: 'workspace' | 'user' = 'workspace'): Promise<void> {
    const target = scope === 'workspace' && vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await this.config.update('defaultDestination', name, target);
  }

  /** Show the exact message and destination before sending. */
  get previewBeforeSending(): boolean {
    return this.config.get<boolean>('send.preview', false);
  }

  /** Look for likely secrets in what is about to be sent. */
  get secretGuard(): boolean {
    return this.config.get<boolean>('send.secretGuard', true);
  }

  /** Team members: alias → mobile or user id. */
  get members(): Member[] {
    return parseMembers(this.config.get<unknown>('members', {}));
  }

  /** Self-hosted git hosts and their kind, for permalinks. */
  get gitHosts(): Record<string, HostKind> {
    const raw = this.config.get<Record<string, unknown>>('permalinks.hosts', {});
    const kinds = new Set<HostKind>(['github', 'gitlab', 'gitee', 'bitbucket', 'codeup']);
    return Object.fromEntries(Object.entries(raw ?? {}).filter((e): e is [string, HostKind] => kinds.has(e[1] as HostKind)));
  }

  /** Where DingTalk traffic goes. Only user (global) values count; workspace values are ignored by design. */
  get endpoints(): NetworkEndpoints {
    if (!vscode.workspace.isTrusted) return DEFAULT_ENDPOINTS;
    return {
      oapiBaseUrl: this.machineValue('network.oapiBaseUrl') ?? DEFAULT_ENDPOINTS.oapiBaseUrl,
      apiBaseUrl: this.machineValue('network.apiBaseUrl') ?? DEFAULT_ENDPOINTS.apiBaseUrl,
    };
  }

  /**
   * The Stream Mode gateway: `dingtalk.network.streamGatewayUrl` when set (machine scope, like the base URLs),
   * else the gateway path under the API base URL (which is where the sandbox serves it).
   */
  get streamGatewayUrl(): string {
    if (!vscode.workspace.isTrusted) return DEFAULT_GATEWAY_URL;
    return this.machineValue('network.streamGatewayUrl') ?? gatewayUrlFor(this.endpoints.apiBaseUrl);
  }

  /** Receive @-mentions over Stream Mode (one setting for all windows: they share one connection). */
  get streamEnabled(): boolean {
    return this.config.get<boolean>('stream.enabled', false);
  }

  async setStreamEnabled(enabled: boolean): Promise<void> {
    await this.config.update('stream.enabled', enabled, vscode.ConfigurationTarget.Global);
  }

  /** Show a notification for each new mention. */
  get streamNotifications(): boolean {
    return this.config.get<boolean>('stream.notifications', true);
  }

  private machineValue(key: string): string | undefined {
    const inspected = this.config.inspect<string>(key);
    const value = inspected?.globalValue;
    return typeof value === 'string' && value.trim() !== '' ? value.trim().replace(/\/+$/, '') : undefined;
  }

  /** Fires `listener` when any dingtalk.* setting changes. */
  onDidChange(listener: (e: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(CONFIG_SECTION)) listener(e);
    });
  }
}
