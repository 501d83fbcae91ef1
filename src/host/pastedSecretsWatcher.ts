import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../constants';
import { findPastedSecrets, PastedSecret } from '../core/destinations/pastedSecrets';
import { parseWebhookUrl } from '../core/dingtalk/webhookUrl';
import type { DestinationStore } from './destinationStore';
import type { Logger } from './logger';
import { redactor } from '../core/redact';

/**
 * Warns when a webhook URL or secret has been pasted into settings.json (plain text, easily committed) and offers
 * to move it into the OS keychain and delete it from settings. Runs at start-up and whenever dingtalk.* changes.
 * Only what the user put in their own settings, or in a trusted workspace's, is offered for the keychain: an
 * untrusted repository must not be able to plant a chat among the user's destinations.
 */
export class PastedSecretsWatcher implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private readonly warned = new Set<string>();

  constructor(
    private readonly store: DestinationStore,
    private readonly logger: Logger,
    /** The machine-scoped oapi base URL besides DingTalk's own (the sandbox), for validating webhook URLs. */
    private readonly oapiBaseUrl: () => string | undefined = () => undefined,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(CONFIG_SECTION)) void this.check();
    });
  }

  /** Scans every settings layer; resolves with what was found (tests use it). */
  async check(): Promise<PastedSecret[]> {
    const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config as unknown as Record<string, unknown>)) {
      if (typeof value === 'function') continue;
      values[key] = value;
    }
    const found = findPastedSecrets(CONFIG_SECTION, values);
    for (const f of found) redactor.addSecret(f.value);
    const fresh = found.filter((f) => !this.warned.has(`${f.path}:${f.value.length}`));
    if (fresh.length === 0) return found;
    fresh.forEach((f) => this.warned.add(`${f.path}:${f.value.length}`));
    this.logger.warn('secrets', `found ${fresh.length} secret(s) pasted into settings: ${fresh.map((f) => f.path).join(', ')}`);
    void this.offerMove(fresh);
    return found;
  }

  /** Whether `found` may be moved into the keychain: it is in the user's own settings, or the workspace is trusted. */
  movable(found: PastedSecret): boolean {
    if (vscode.workspace.isTrusted) return true;
    const inspected = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect(found.settingKey);
    return inspected?.workspaceValue === undefined && inspected?.workspaceFolderValue === undefined;
  }

  private async offerMove(found: PastedSecret[]): Promise<void> {
    const t = vscode.l10n.t;
    const where = found.map((f) => f.path).join(', ');
    if (!found.every((f) => this.movable(f))) {
      void vscode.window.showWarningMessage(
        t("This untrusted workspace's settings contain a DingTalk secret in plain text ({0}). It is not used. Remove it from the repository's .vscode/settings.json, and ask whoever committed it to reset the robot's webhook.", where),
      );
      return;
    }
    const move = t('Move to Keychain');
    const choice = await vscode.window.showWarningMessage(
      t('A DingTalk secret is stored in plain text in settings ({0}). Anyone who can read your settings, or the repository if it is committed, can use it.', where),
      move,
    );
    if (choice !== move) return;
    await this.move(found);
  }

  /** Moves what was found into the keychain (as a destination / the AppSecret) and deletes it from every settings layer. */
  async move(found: PastedSecret[], name?: string): Promise<void> {
    const t = vscode.l10n.t;
    const webhook = found.find((f) => f.kind === 'webhookUrl');
    const signing = found.find((f) => f.kind === 'signingSecret');
    if (webhook && !this.isDingTalkWebhook(webhook.value)) {
      this.logger.warn('secrets', `${webhook.path} is not a DingTalk webhook URL; it was not added as a destination`);
      void vscode.window.showWarningMessage(t('{0} does not point at DingTalk (https://oapi.dingtalk.com/robot/send?access_token=…), so it was not added as a chat. Remove it from your settings.', webhook.path));
      return;
    }
    if (webhook) {
      const destinationName =
        name ??
        (await vscode.window.showInputBox({
          title: t('Name the chat this webhook posts to'),
          value: this.uniqueName(t('Team chat')),
          ignoreFocusOut: true,
        }));
      if (!destinationName) return;
      await this.store.saveCustomRobot({ kind: 'customRobot', name: destinationName }, { webhookUrl: webhook.value, ...(signing ? { signingSecret: signing.value } : {}) });
    }
    const appSecret = found.find((f) => f.kind === 'appSecret');
    if (appSecret && this.store.app()) await this.store.saveApp(this.store.app()!, appSecret.value);
    const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const leftBehind: string[] = [];
    for (const key of new Set(found.map((f) => f.settingKey))) {
      const inspected = config.inspect(key);
      try {
        if (inspected?.globalValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
        if (inspected?.workspaceValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
        if (inspected?.workspaceFolderValue !== undefined) {
          for (const folder of vscode.workspace.workspaceFolders ?? []) {
            await vscode.workspace.getConfiguration(CONFIG_SECTION, folder.uri).update(key, undefined, vscode.ConfigurationTarget.WorkspaceFolder);
          }
        }
      } catch {
        // VS Code only writes settings it knows; the common names are registered (as deprecated), others are not.
        leftBehind.push(`${CONFIG_SECTION}.${key}`);
      }
    }
    this.logger.info('secrets', `moved ${found.length} pasted secret(s) into the keychain; ${leftBehind.length} setting(s) must be deleted by hand`);
    if (leftBehind.length === 0) {
      void vscode.window.showInformationMessage(t('Moved to the keychain and removed from settings.'));
      return;
    }
    const open = t('Open Settings (JSON)');
    const choice = await vscode.window.showWarningMessage(t('Moved to the keychain. Delete {0} from your settings.json yourself: VS Code cannot edit a setting it does not know.', leftBehind.join(', ')), open);
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettingsJson');
  }

  private isDingTalkWebhook(url: string): boolean {
    const base = this.oapiBaseUrl();
    try {
      parseWebhookUrl(url, { allowedBaseUrl: base && base !== 'https://oapi.dingtalk.com' ? base : undefined });
      return true;
    } catch {
      return false;
    }
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let i = 2; this.store.get(name); i++) name = `${base} ${i}`;
    return name;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
