import * as vscode from 'vscode';
import type { Destination } from '../core/destinations/destination';
import type { Mention } from '../core/send/codeMessage';
import type { DestinationStore } from './destinationStore';
import { pickDestination } from './pickers';
import type { Member } from '../core/destinations/members';

/**
 * Where a send goes: the named destination (an error when there is none by that name), else the default one,
 * else the user's pick. Undefined when there is nowhere to send.
 */
export async function destinationForSend(destinations: DestinationStore, defaultName: string, named: string | undefined): Promise<Destination | undefined> {
  const t = vscode.l10n.t;
  if (named) {
    const destination = destinations.get(named);
    if (!destination) void vscode.window.showErrorMessage(t('There is no destination named "{0}".', named));
    return destination;
  }
  return destinations.get(defaultName) ?? (await pickDestination(destinations, t('Send to which chat?')));
}

/** What the text prompt says; `title` gets the destination's name. */
export interface TextPromptLabels {
  title(destinationName: string): string;
  prompt: string;
  /** Shown while the box is empty when a text is required. */
  required?: string;
  /** Text to start with (e.g. one to shorten), selected as a whole. */
  value?: string;
  /** Shown as an error at the start (e.g. why the text must be shortened). */
  problem?: string;
}

/**
 * The text prompt of a send (a code message's note, a plain message). Its title names the destination, and a
 * button in it changes the destination for this send, so sending somewhere other than the default never needs a
 * detour through the settings.
 */
export async function askTextForDestination(destinations: DestinationStore, initial: Destination, labels: TextPromptLabels): Promise<{ text: string; destination: Destination } | undefined> {
  const t = vscode.l10n.t;
  const input = vscode.window.createInputBox();
  const change: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('arrow-swap'), tooltip: t('Send to another chat…') };
  let destination = initial;
  input.title = labels.title(destination.name);
  input.prompt = labels.prompt;
  input.buttons = [change];
  input.ignoreFocusOut = true;
  if (labels.value !== undefined) input.value = labels.value;
  if (labels.problem) input.validationMessage = { message: labels.problem, severity: vscode.InputBoxValidationSeverity.Error };
  try {
    return await new Promise((resolve) => {
      let picking = false;
      input.onDidChangeValue(() => {
        input.validationMessage = undefined;
      });
      input.onDidAccept(() => {
        if (labels.required && input.value.trim() === '') {
          input.validationMessage = labels.required;
          return;
        }
        resolve({ text: input.value, destination });
      });
      input.onDidHide(() => {
        if (!picking) resolve(undefined);
      });
      input.onDidTriggerButton(async () => {
        picking = true;
        const picked = await pickDestination(destinations, t('Send to which chat?'), destination.name);
        picking = false;
        if (picked) destination = picked;
        input.title = labels.title(destination.name);
        input.show();
      });
      input.show();
    });
  } finally {
    input.dispose();
  }
}

/** Who a message addresses: members by alias and, through a custom robot, everyone in the group. */
export interface Addressees {
  mentions: Mention[];
  everyone: boolean;
}

/** The members with these aliases, as mentions. */
export function membersAsMentions(members: readonly Member[], aliases: readonly string[]): Mention[] {
  return members.filter((m) => aliases.includes(m.alias)).map((m) => ({ displayName: m.alias, ...(m.mobile ? { mobile: m.mobile } : {}), ...(m.userId ? { userId: m.userId } : {}) }));
}

/**
 * Asks whom to address: members picked by alias and, through a custom robot, "@all" (everyone in the group).
 * With no members configured there is no question (one more step on every send would be a tax). Undefined when
 * the user cancelled.
 */
export async function chooseAddressees(members: readonly Member[], destination: Destination): Promise<Addressees | undefined> {
  const t = vscode.l10n.t;
  if (members.length === 0) return { mentions: [], everyone: false };
  const customRobot = destination.kind === 'customRobot';
  type Item = vscode.QuickPickItem & { alias?: string };
  const items: Item[] = [
    // Only a custom robot can notify the whole group.
    ...(customRobot ? [{ label: t('@all'), description: t('everyone in the group'), alwaysShow: true }] : []),
    ...members.map((m): Item => ({ label: `@${m.alias}`, description: m.mobile ?? m.userId, alias: m.alias })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    ignoreFocusOut: true,
    placeHolder: customRobot
      ? t('@mention anyone? (optional; press Enter to continue)')
      : t('Name anyone? The app robot cannot @-mention, so names are written in the message (optional).'),
  });
  if (picked === undefined) return undefined;
  return { mentions: membersAsMentions(members, picked.flatMap((p) => (p.alias ? [p.alias] : []))), everyone: picked.some((p) => !p.alias) };
}
