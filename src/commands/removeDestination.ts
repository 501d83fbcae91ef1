import * as vscode from 'vscode';
import { pickDestination } from '../host/pickers';
import type { Services } from './services';

/** DingTalk: Remove Destination — removes it and its keychain secrets, after a confirmation. */
export async function removeDestination(services: Services, name?: unknown): Promise<boolean> {
  const t = vscode.l10n.t;
  const destination = typeof name === 'string' ? services.destinations.get(name) : await pickDestination(services.destinations, t('Remove which destination?'));
  if (!destination) return false;
  const remove = t('Remove');
  const answer = await vscode.window.showWarningMessage(
    t('Remove "{0}" and its secrets from this computer?', destination.name),
    { modal: true, detail: t('Messages still queued for it will fail and stay in the outbox.') },
    remove,
  );
  if (answer !== remove) return false;
  await services.destinations.remove(destination.name);
  if (services.settings.defaultDestination === destination.name) await services.settings.setDefaultDestination('');
  services.logger.info('destinations', `removed "${destination.name}"`);
  return true;
}
