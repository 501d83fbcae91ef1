import * as vscode from 'vscode';
import { checkDestinationName, Destination, NameProblem, parseKeywords } from '../core/destinations/destination';
import { DingTalkError } from '../core/dingtalk/errors';
import { parseWebhookUrl } from '../core/dingtalk/webhookUrl';
import { localizedErrorText } from '../host/errorText';
import { ask } from '../host/pickers';
import { configureApp } from './configureApp';
import { createGroupFlow } from './createGroup';
import { pickGroupByMention } from './pickGroupByStream';
import type { Services } from './services';

/** Non-interactive input (used by "Edit Destination" actions, tests and the sandbox demo). */
export interface AddDestinationArgs {
  readonly edit?: string;
  /** Enterprise-app group picked by @-mentioning the robot, saved under `name` without questions. */
  readonly byMention?: { readonly name: string };
}

/**
 * DingTalk: Add Destination — a guided flow. Custom robot: name, webhook URL, optional signing secret and
 * keywords (secrets typed into password boxes and stored only in the keychain). Enterprise app: configure the
 * app if needed, then create a new group with chosen members or enter an existing group's openConversationId.
 */
export async function addDestination(services: Services, args?: AddDestinationArgs): Promise<Destination | undefined> {
  const t = vscode.l10n.t;
  const editing = args?.edit ? services.destinations.get(args.edit) : undefined;
  let kind = editing?.kind ?? (args?.byMention ? 'appGroup' : undefined);
  if (!kind) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: `$(robot) ${t('Custom group robot (webhook)')}`, detail: t('Text and markdown messages to one group. Needs the webhook URL, and the signing secret if 加签 is on.'), target: 'customRobot' as const },
        { label: `$(organization) ${t('Group through the enterprise app')}`, detail: t('Images, files, to-dos and recall. Needs an enterprise internal app (AppKey/AppSecret).'), target: 'appGroup' as const },
      ],
      { placeHolder: t('How should VS Code reach the group?'), ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    kind = picked.target;
  }
  const destination = kind === 'customRobot' ? await addCustomRobot(services, editing) : await addAppGroup(services, editing, args?.byMention);
  if (!destination) return undefined;
  services.logger.info('destinations', `saved "${destination.name}" (${destination.kind})`);
  if (!services.settings.defaultDestination) await services.settings.setDefaultDestination(destination.name, 'user');
  const test = t('Send Test Message');
  void vscode.window.showInformationMessage(t('Destination "{0}" saved.', destination.name), test).then((choice) => {
    if (choice === test) void vscode.commands.executeCommand('dingtalk.testDestination', destination.name);
  });
  return destination;
}

function nameProblemText(problem: NameProblem): string {
  const t = vscode.l10n.t;
  switch (problem) {
    case 'empty':
      return t('Enter a name.');
    case 'tooLong':
      return t('Use at most 40 characters.');
    case 'duplicate':
      return t('A destination with this name exists already.');
    case 'invalidCharacters':
      return t('The name contains control characters.');
  }
}

async function askName(services: Services, suggested: string | undefined, editing: Destination | undefined): Promise<string | undefined> {
  const t = vscode.l10n.t;
  if (editing) return editing.name;
  const existing = services.destinations.list();
  const name = await ask({
    title: t('Add Destination'),
    prompt: t('A short name for this chat, e.g. the group\'s name. It is what you pick when sending.'),
    value: suggested,
    validateInput: (v) => {
      const p = checkDestinationName(v, existing);
      return p ? nameProblemText(p) : undefined;
    },
  });
  return name?.trim();
}

async function addCustomRobot(services: Services, editing: Destination | undefined): Promise<Destination | undefined> {
  const t = vscode.l10n.t;
  const name = await askName(services, undefined, editing);
  if (!name) return undefined;
  const allowedBaseUrl = services.dingtalk.endpoints.oapiBaseUrl;
  const webhookUrl = await ask({
    title: t('Webhook URL of "{0}"', name),
    prompt: t('Group settings → Robots → your custom robot → Webhook. Stored only in your OS keychain.'),
    placeHolder: 'https://oapi.dingtalk.com/robot/send?access_token=…',
    password: true,
    validateInput: (v) => {
      try {
        parseWebhookUrl(v.trim(), { allowedBaseUrl: allowedBaseUrl === 'https://oapi.dingtalk.com' ? undefined : allowedBaseUrl });
        return undefined;
      } catch (err) {
        return err instanceof DingTalkError ? `${localizedErrorText(err).explanation} ${localizedErrorText(err).remedy}` : String(err);
      }
    },
  });
  if (!webhookUrl) return undefined;
  const signingSecret = await ask({
    title: t('Signing secret of "{0}" (optional)', name),
    prompt: t('If the robot uses 加签 (signing), paste its secret that starts with SEC. Leave empty if it uses keywords or an IP allow-list only.'),
    placeHolder: 'SEC…',
    password: true,
    validateInput: (v) => (v.trim() === '' || /^SEC[0-9a-f]{64}$/i.test(v.trim()) ? undefined : t('A signing secret is "SEC" followed by 64 hexadecimal characters.')),
  });
  if (signingSecret === undefined) return undefined;
  const keywordsInput = await ask({
    title: t('Custom keywords of "{0}" (optional)', name),
    prompt: t('If the robot uses custom keywords, list them separated by commas; one is added to messages that lack them all.'),
    value: editing?.kind === 'customRobot' ? (editing.keywords ?? []).join(', ') : '',
  });
  if (keywordsInput === undefined) return undefined;
  const keywords = parseKeywords(keywordsInput);
  await services.destinations.saveCustomRobot(
    { kind: 'customRobot', name, ...(keywords.length ? { keywords } : {}) },
    { webhookUrl: webhookUrl.trim(), ...(signingSecret.trim() ? { signingSecret: signingSecret.trim() } : {}) },
  );
  return services.destinations.get(name);
}

async function addAppGroup(services: Services, editing: Destination | undefined, byMention?: { readonly name: string }): Promise<Destination | undefined> {
  const t = vscode.l10n.t;
  if (!services.destinations.app() || !(await services.destinations.appSecret())) {
    const configured = await configureApp(services);
    if (!configured) return undefined;
  }
  const robot = services.destinations.app()?.robotName ?? t("the app's robot");
  const how = byMention ? { how: 'mention' as const } : await vscode.window.showQuickPick(
    [
      { label: `$(mention) ${t('@-mention {0} in the group', robot)}`, detail: t('The first group where someone @-mentions the robot is chosen (through the message stream).'), how: 'mention' as const },
      { label: `$(add) ${t('Create a new group')}`, detail: t('The app creates the group with the members you choose; its robot is in it.'), how: 'create' as const },
      { label: `$(symbol-key) ${t('Enter an existing group\'s openConversationId')}`, detail: t('The app\'s robot must already be in that group.'), how: 'existing' as const },
    ],
    { placeHolder: t('Which group?'), ignoreFocusOut: true },
  );
  if (!how) return undefined;
  let openConversationId: string | undefined;
  let groupTitle: string | undefined;
  if (how.how === 'create') {
    const created = await createGroupFlow(services);
    if (!created) return undefined;
    ({ openConversationId, title: groupTitle } = created);
  } else if (how.how === 'mention') {
    const picked = await pickGroupByMention(services, { confirm: !byMention });
    if (!picked) return undefined;
    ({ openConversationId, title: groupTitle } = picked);
  } else {
    openConversationId = (
      await ask({
        title: t('openConversationId of the group'),
        prompt: t('It starts with "cid". Find it in a robot callback or with the DingTalk API explorer.'),
        placeHolder: 'cid…',
        value: editing?.kind === 'appGroup' ? editing.openConversationId : undefined,
        validateInput: (v) => (/^cid\S{6,}$/.test(v.trim()) ? undefined : t('An openConversationId starts with "cid".')),
      })
    )?.trim();
    if (!openConversationId) return undefined;
  }
  const name = byMention?.name ?? (await askName(services, groupTitle, editing));
  if (!name) return undefined;
  await services.destinations.saveAppGroup({ kind: 'appGroup', name, openConversationId, ...(groupTitle ? { groupTitle } : {}) });
  return services.destinations.get(name);
}
