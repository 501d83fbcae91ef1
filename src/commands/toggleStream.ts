import * as vscode from 'vscode';
import { configureApp } from './configureApp';
import type { Services } from './services';

/**
 * DingTalk: Turn Message Stream On/Off — receiving @-mentions needs the enterprise app (Stream Mode); the
 * setting is the user's, so every window follows it. `args.enabled` sets a state instead of toggling.
 */
export async function toggleStream(services: Services, args?: { enabled?: boolean }): Promise<boolean | undefined> {
  const t = vscode.l10n.t;
  const on = typeof args?.enabled === 'boolean' ? args.enabled : !services.settings.streamEnabled;
  if (on && !services.stream.service.appConfigured) {
    const configure = t('Configure Enterprise App');
    const choice = await vscode.window.showInformationMessage(
      t('Receiving DingTalk messages needs an enterprise internal app whose robot uses Stream Mode.'),
      configure,
    );
    if (choice !== configure || !(await configureApp(services))) return undefined;
  }
  await services.settings.setStreamEnabled(on);
  services.logger.info('stream', `message stream turned ${on ? 'on' : 'off'}`);
  void vscode.window.setStatusBarMessage(on ? t('$(radio-tower) DingTalk message stream on') : t('$(circle-slash) DingTalk message stream off'), 3000);
  return on;
}
