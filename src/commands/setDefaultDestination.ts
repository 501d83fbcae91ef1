import * as vscode from 'vscode';
import { pickDestination } from '../host/pickers';
import type { Services } from './services';

/** DingTalk: Set Default Destination — the chat used when none is chosen (stored by name, safe to commit). */
export async function setDefaultDestination(services: Services, name?: unknown): Promise<boolean> {
  const t = vscode.l10n.t;
  const destination =
    typeof name === 'string' ? services.destinations.get(name) : await pickDestination(services.destinations, t('Send to which chat by default?'), services.settings.defaultDestination);
  if (!destination) return false;
  await services.settings.setDefaultDestination(destination.name);
  return true;
}
