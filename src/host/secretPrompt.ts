import * as vscode from 'vscode';
import type { SecretFinding } from '../core/send/secretGuard';
import type { Logger } from './logger';

/**
 * The secret guard's question before something that looks like a secret leaves the editor: a modal naming the
 * first five findings (line and a masked preview). `preset` answers it without asking (tests, scripted runs).
 * Logs the outcome (kinds only, never the text). True to send.
 */
export async function confirmDespiteSecrets(findings: readonly SecretFinding[], destinationName: string, logger: Logger, preset?: boolean): Promise<boolean> {
  if (findings.length === 0) return true;
  const t = vscode.l10n.t;
  let proceed = preset;
  if (proceed === undefined) {
    const list = findings.slice(0, 5).map((f) => t('{0} on line {1} ({2})', f.name, f.line, f.preview)).join('\n');
    const sendAnyway = t('Send Anyway');
    proceed =
      (await vscode.window.showWarningMessage(
        t('This looks like it contains a secret. Send it to "{0}" anyway?', destinationName),
        { modal: true, detail: `${list}${findings.length > 5 ? `\n…(+${findings.length - 5})` : ''}` },
        sendAnyway,
      )) === sendAnyway;
  }
  logger.info('send', `secret guard: ${findings.length} finding(s) (${findings.map((f) => f.kind).join(', ')}), ${proceed ? 'sent anyway' : 'cancelled'}`);
  return proceed;
}
