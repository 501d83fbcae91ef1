import * as vscode from 'vscode';
import { DingTalkAppClient } from '../core/dingtalk/appClient';
import { DingTalkError } from '../core/dingtalk/errors';
import { ask } from '../host/pickers';
import type { Services } from './services';

/**
 * DingTalk: Configure Enterprise App — AppKey, AppSecret (password box, keychain only) and robotCode; the
 * credentials are checked by requesting an access token before they are saved.
 */
export async function configureApp(services: Services): Promise<boolean> {
  const t = vscode.l10n.t;
  const current = services.destinations.app();
  const appKey = (
    await ask({
      title: t('Configure Enterprise App (1/3)'),
      prompt: t('AppKey (Client ID) from the DingTalk developer console → your internal app → Credentials.'),
      value: current?.appKey,
      placeHolder: 'ding…',
      validateInput: (v) => (/^\S{6,}$/.test(v.trim()) ? undefined : t('Enter the AppKey.')),
    })
  )?.trim();
  if (!appKey) return false;
  const appSecret = (
    await ask({
      title: t('Configure Enterprise App (2/3)'),
      prompt: t('AppSecret (Client Secret). Stored only in your OS keychain.'),
      password: true,
      validateInput: (v) => (/^\S{8,}$/.test(v.trim()) ? undefined : t('Enter the AppSecret.')),
    })
  )?.trim();
  if (!appSecret) return false;
  const robotCode = (
    await ask({
      title: t('Configure Enterprise App (3/3)'),
      prompt: t('robotCode of the app\'s robot (App features → Robot). For internal apps it is usually the AppKey.'),
      value: current?.robotCode ?? appKey,
      validateInput: (v) => (v.trim() ? undefined : t('Enter the robotCode.')),
    })
  )?.trim();
  if (!robotCode) return false;

  const endpoints = services.dingtalk.endpoints;
  const ok = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Checking the app credentials with DingTalk…'), cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        const probe = new DingTalkAppClient({ credentials: { appKey, appSecret }, robotCode, apiBaseUrl: endpoints.apiBaseUrl, oapiBaseUrl: endpoints.oapiBaseUrl });
        await probe.tokens.getToken({ appKey, appSecret }, abort.signal);
        return true;
      } catch (err) {
        // Not awaited: the notification stays until dismissed, and the progress must end now.
        if (!(err instanceof DingTalkError && err.kind === 'cancelled')) void services.errors.show(err, { what: t('Configure Enterprise App') });
        return false;
      }
    },
  );
  if (!ok) return false;
  await services.destinations.saveApp({ appKey, robotCode }, appSecret);
  services.logger.info('app', `enterprise app ${appKey} configured`);
  void vscode.window.showInformationMessage(t('The enterprise app is configured.'));
  return true;
}
