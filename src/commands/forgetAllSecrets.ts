import * as vscode from 'vscode';
import type { Services } from './services';

/** DingTalk: Forget All Secrets — deletes every webhook URL, signing secret and the AppSecret from the keychain. */
export async function forgetAllSecrets(services: Services): Promise<number> {
  const t = vscode.l10n.t;
  const forget = t('Forget All Secrets');
  const answer = await vscode.window.showWarningMessage(
    t('Delete every DingTalk secret (webhook URLs, signing secrets, AppSecret) from the keychain?'),
    { modal: true, detail: t('Destinations stay listed; you will be asked for their secrets again.') },
    forget,
  );
  if (answer !== forget) return 0;
  const n = await services.destinations.forgetAllSecrets();
  services.logger.info('secrets', `forgot ${n} secret(s)`);
  void vscode.window.showInformationMessage(t('Deleted {0} secret(s) from the keychain.', n));
  return n;
}
