import * as vscode from 'vscode';
import { Destination } from '../core/destinations/destination';
import type { DestinationStore } from './destinationStore';

/** A QuickPick of the destinations; undefined when cancelled or when there are none (the user is told). */
export async function pickDestination(store: DestinationStore, placeHolder: string, defaultName?: string): Promise<Destination | undefined> {
  const t = vscode.l10n.t;
  const destinations = store.list();
  if (destinations.length === 0) {
    const add = t('Add Destination');
    const choice = await vscode.window.showInformationMessage(t('No DingTalk destination yet. Add a group chat to send to first.'), add);
    if (choice === add) await vscode.commands.executeCommand('dingtalk.addDestination');
    return undefined;
  }
  const items = destinations
    .map((d) => ({
      label: d.name,
      description: describeKind(d) + (d.name === defaultName ? ` · ${t('default')}` : ''),
      detail: d.kind === 'appGroup' ? d.groupTitle : undefined,
      destination: d,
    }))
    .sort((a, b) => Number(b.destination.name === defaultName) - Number(a.destination.name === defaultName) || a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, ignoreFocusOut: true, matchOnDescription: true });
  return picked?.destination;
}

export function describeKind(d: Destination): string {
  const t = vscode.l10n.t;
  return d.kind === 'customRobot' ? (d.signed ? t('custom robot, signed') : t('custom robot')) : t('enterprise app robot');
}

/** An InputBox that keeps focus, with synchronous validation; undefined when cancelled. */
export function ask(options: vscode.InputBoxOptions): Thenable<string | undefined> {
  return vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
}
