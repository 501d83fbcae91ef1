import * as vscode from 'vscode';
import { ask, pickDestination } from '../host/pickers';
import type { Services } from './services';

/** DingTalk: Update Signing Secret — replaces a custom robot's SEC… secret (offered when DingTalk says it does not match). */
export async function updateSigningSecret(services: Services, name?: unknown): Promise<boolean> {
  const t = vscode.l10n.t;
  const destination = typeof name === 'string' ? services.destinations.get(name) : await pickDestination(services.destinations, t('Update the signing secret of which destination?'));
  if (!destination || destination.kind !== 'customRobot') return false;
  const secret = await ask({
    title: t('Signing secret of "{0}"', destination.name),
    prompt: t('Paste the secret that starts with SEC from the robot\'s security settings; leave empty to turn signing off.'),
    password: true,
    validateInput: (v) => (v.trim() === '' || /^SEC[0-9a-f]{64}$/i.test(v.trim()) ? undefined : t('A signing secret is "SEC" followed by 64 hexadecimal characters.')),
  });
  if (secret === undefined) return false;
  await services.destinations.updateSigningSecret(destination.name, secret.trim() || undefined);
  await services.outbox.retryFailed(destination.name);
  void vscode.window.showInformationMessage(t('Signing secret of "{0}" updated.', destination.name));
  return true;
}
