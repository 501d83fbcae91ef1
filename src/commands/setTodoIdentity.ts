import * as vscode from 'vscode';
import { normaliseMobile } from '../core/destinations/members';
import { identifyPerson } from '../core/todo/people';
import type { Services } from './services';

/**
 * DingTalk: Set Who I Am — picks "me" (the to-do creator and operator, and the "only mine" filter) from the
 * members, or takes a mobile number or user id. Saved in user settings (`dingtalk.me`), never in the workspace.
 */
export async function setTodoIdentity(services: Services, ...args: unknown[]): Promise<string | undefined> {
  const t = vscode.l10n.t;
  let value = typeof args[0] === 'string' ? args[0] : undefined;
  if (value === undefined) {
    const other = t('Enter a mobile number or DingTalk user id…');
    const current = services.todos.service.settings.me;
    const items = [
      ...services.settings.members.map((m) => ({ label: m.alias, description: [m.mobile, m.userId].filter(Boolean).join(' · ') + (m.alias === current ? ` · ${t('current')}` : ''), value: m.alias })),
      { label: `$(edit) ${other}`, description: '', value: '' },
    ];
    const picked = await vscode.window.showQuickPick(items, { placeHolder: t('Who are you in DingTalk? To-dos you create are created by you.'), ignoreFocusOut: true });
    if (!picked) return undefined;
    value = picked.value;
    if (!value) {
      value = await vscode.window.showInputBox({
        prompt: t('Your mobile number (as in DingTalk) or your DingTalk user id'),
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' || normaliseMobile(v) || identifyPerson(v, []) ? undefined : t('Enter a mobile number such as 13800000000, or a user id (letters, digits, "." "-" "_").')),
      });
      if (!value?.trim()) return undefined;
    }
  }
  value = value.trim();
  if (!identifyPerson(value, services.settings.members)) {
    void vscode.window.showErrorMessage(t('"{0}" is not a member alias, mobile number or DingTalk user id.', value));
    return undefined;
  }
  await services.todos.service.settings.setMe(value);
  return value;
}
