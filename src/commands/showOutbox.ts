import * as vscode from 'vscode';
import type { Services } from './services';

/** DingTalk: Show Outbox — what is waiting or failed, with Retry and Discard. */
export async function showOutbox(services: Services): Promise<void> {
  const t = vscode.l10n.t;
  const items = services.outbox.outbox.list();
  if (items.length === 0) {
    void vscode.window.showInformationMessage(t('The outbox is empty: every message has been delivered.'));
    return;
  }
  const stateText = (s: string): string => (s === 'failed' ? t('failed') : s === 'sending' ? t('sending') : t('queued'));
  const picked = await vscode.window.showQuickPick(
    items.map((i) => ({
      label: `${i.state === 'failed' ? '$(error)' : '$(clock)'} ${i.label ?? i.id}`,
      description: `${i.destination} · ${stateText(i.state)}`,
      detail: i.lastError ? `${i.lastError.explanation ?? i.lastError.message}` : undefined,
      id: i.id,
      failed: i.state === 'failed',
    })),
    { placeHolder: t('Messages in the outbox'), ignoreFocusOut: true },
  );
  if (!picked) return;
  const retry = t('Retry');
  const discard = t('Discard');
  const action = await vscode.window.showQuickPick(picked.failed ? [retry, discard] : [discard], { placeHolder: picked.label });
  if (action === retry) await services.outbox.outbox.retry(picked.id);
  if (action === discard) await services.outbox.outbox.discard(picked.id);
}
