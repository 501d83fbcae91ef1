import * as vscode from 'vscode';
import { DingTalkError } from '../core/dingtalk/errors';
import { normaliseMobile } from '../core/destinations/members';
import { ask } from '../host/pickers';
import type { Services } from './services';

/**
 * Creates a DingTalk group through the enterprise app: a name, an owner and members picked from
 * `dingtalk.members` (or typed as mobile numbers); mobiles are resolved to user ids through the directory.
 */
export async function createGroupFlow(services: Services): Promise<{ openConversationId: string; title: string } | undefined> {
  const t = vscode.l10n.t;
  const title = (
    await ask({
      title: t('New group name'),
      prompt: t('1 to 20 characters.'),
      validateInput: (v) => ([...v.trim()].length >= 1 && [...v.trim()].length <= 20 ? undefined : t('Use 1 to 20 characters.')),
    })
  )?.trim();
  if (!title) return undefined;
  const members = services.settings.members;
  const typeMobiles = t('Type mobile numbers…');
  const items: Array<vscode.QuickPickItem & { value?: string }> = [
    ...members.map((m) => ({ label: m.alias, description: m.mobile ?? m.userId, value: m.mobile ?? m.userId })),
    { label: `$(edit) ${typeMobiles}`, alwaysShow: true },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    ignoreFocusOut: true,
    placeHolder: t('Members (the first one becomes the owner). Add people in the dingtalk.members setting to pick them here.'),
  });
  if (!picked || picked.length === 0) return undefined;
  const values = picked.filter((p) => p.value).map((p) => p.value as string);
  if (picked.some((p) => !p.value)) {
    const typed = await ask({
      title: t('Mobile numbers'),
      prompt: t('Separate several numbers with commas.'),
      validateInput: (v) => (v.split(/[,，\s]+/).filter(Boolean).every((m) => normaliseMobile(m)) ? undefined : t('Enter mobile numbers such as 13800000000.')),
    });
    if (typed === undefined) return undefined;
    values.push(...typed.split(/[,，\s]+/).filter(Boolean));
  }
  if (values.length === 0) return undefined;

  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Creating the group "{0}"…', title), cancellable: true }, async (_p, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    try {
      const app = await services.dingtalk.app();
      const userIds: string[] = [];
      for (const v of values) {
        const mobile = normaliseMobile(v);
        userIds.push(mobile ? await app.directory.getUserIdByMobile(mobile, { signal: abort.signal }) : v);
      }
      const created = await app.groups.create({ name: title, owner: userIds[0], useridlist: userIds }, { signal: abort.signal });
      services.logger.info('groups', `created group "${title}" (${created.openConversationId})`);
      return { openConversationId: created.openConversationId, title };
    } catch (err) {
      // Not awaited: the notification stays until dismissed, and the progress must end now.
        if (!(err instanceof DingTalkError && err.kind === 'cancelled')) void services.errors.show(err, { what: t('Create group') });
      return undefined;
    }
  });
}
