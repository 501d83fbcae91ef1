import * as vscode from 'vscode';
import type { Destination } from '../core/destinations/destination';
import { markdownMessage } from '../core/dingtalk/messages';
import type { OutboxPayload } from '../core/outbox/item';
import { composeTodoMessage } from '../core/todo/todoMessage';
import type { TodoItem } from '../core/todo/todoFinder';
import { withKeyword } from '../host/sender';
import { todoMessageLabels } from '../host/todos/todoText';
import type { Services } from './services';
import { isAppNotConfigured, resolveTodoTarget, showTodoError, withTodoProgress } from './sharedTodoCommand';

/** Named arguments (tests, other commands); besides the `{ uri, line }` of the TODO. */
export interface AssignTodoOptions {
  /** With no enterprise app: 'message' posts the TODO to a group without asking; 'cancel' does nothing. */
  readonly fallback?: 'message' | 'cancel';
  /** The custom-robot destination for the message fallback. */
  readonly destination?: string;
}

export type AssignTodoOutcome =
  | { readonly kind: 'todo'; readonly taskId: string; readonly created: boolean; readonly markerWritten: boolean }
  | { readonly kind: 'message'; readonly outboxIds: string[]; readonly destination: string };

/**
 * DingTalk: Assign TODO as DingTalk To-do — from the code lens, the quick fix, the view, or the palette (the TODO at
 * the cursor). Creates the to-do, then writes its id into the comment. With only custom robots, offers to post
 * the TODO to a group as an @mention message instead (clearly not a tracked to-do).
 */
export async function assignTodo(services: Services, ...args: unknown[]): Promise<AssignTodoOutcome | undefined> {
  const t = vscode.l10n.t;
  const options = (args.find((a, i) => i > 0 && typeof a === 'object' && a !== null) ?? {}) as AssignTodoOptions;
  const target = await resolveTodoTarget(services, args);
  if (!target) return undefined;
  const { doc, item } = target;
  if (item.taskId !== undefined) {
    void vscode.window.showInformationMessage(t('This TODO is a DingTalk to-do already ({0}).', item.taskId));
    return undefined;
  }
  let app;
  try {
    app = await services.dingtalk.app();
  } catch (err) {
    if (isAppNotConfigured(err)) return postAsMessage(services, doc, item, options);
    await showTodoError(services, err, t('Assign TODO'));
    return undefined;
  }
  try {
    const result = await withTodoProgress(t('Creating a DingTalk to-do…'), (signal) => services.todos.assigner.assign(app, doc, item, signal));
    if (!result.markerWritten) {
      void vscode.window.showWarningMessage(t('The to-do "{0}" is in DingTalk, but the TODO changed before its id could be written into it. Add {1} to the comment to track it.', result.subject, `[dt:${result.taskId}]`));
    } else {
      void vscode.window.setStatusBarMessage(result.created ? t('$(check) DingTalk to-do created: {0}', result.subject) : t('$(check) Linked to the existing DingTalk to-do: {0}', result.subject), 5000);
    }
    return { kind: 'todo', taskId: result.taskId, created: result.created, markerWritten: result.markerWritten };
  } catch (err) {
    await showTodoError(services, err, t('Assign TODO'));
    return undefined;
  }
}

/** Custom robots only: the TODO as a group message that @mentions its people, through the outbox. */
async function postAsMessage(services: Services, doc: vscode.TextDocument, item: TodoItem, options: AssignTodoOptions): Promise<AssignTodoOutcome | undefined> {
  const t = vscode.l10n.t;
  const robots = services.destinations.list().filter((d) => d.kind === 'customRobot');
  const configure = t('Configure Enterprise App');
  if (robots.length === 0) {
    const add = t('Add Destination');
    const choice = await vscode.window.showErrorMessage(
      t('Creating DingTalk to-dos needs the enterprise app. Configure it, or add a custom robot to post TODOs to a group as messages.'),
      configure,
      add,
    );
    if (choice === configure) await vscode.commands.executeCommand('dingtalk.configureApp');
    if (choice === add) await vscode.commands.executeCommand('dingtalk.addDestination');
    return undefined;
  }
  let choice = options.fallback;
  if (!choice) {
    const post = t('Post as Message');
    const answer = await vscode.window.showWarningMessage(
      t('No enterprise app is configured, so this TODO cannot become a tracked DingTalk to-do. Post it to a group as a message that @mentions its assignees instead?'),
      { modal: true, detail: t('A message is not tracked: no id is written into the comment and its status is not synced.') },
      post,
      configure,
    );
    if (answer === configure) await vscode.commands.executeCommand('dingtalk.configureApp');
    choice = answer === post ? 'message' : 'cancel';
  }
  if (choice !== 'message') return undefined;
  const destination = await chooseRobot(services, robots, options.destination);
  if (!destination) return undefined;
  try {
    const assigner = services.todos.assigner;
    const composed = await assigner.compose(doc, item);
    const message = composeTodoMessage({
      tag: item.tag,
      subject: composed.subject,
      displayPath: composed.identity.displayPath,
      line: item.line + 1,
      codeLine: doc.lineAt(item.line).text,
      languageId: doc.languageId,
      mentions: assigner.mentionsOf(composed),
      due: assigner.formatDue(composed),
      priority: item.priority,
      permalink: composed.permalink,
      editorLink: composed.editorLink,
      labels: todoMessageLabels(),
    });
    const payload: OutboxPayload = {
      kind: 'customRobot',
      message: withKeyword(destination, markdownMessage(message.title, message.markdown, { at: { atMobiles: message.atMobiles, atUserIds: message.atUserIds } })),
    };
    const outboxIds = await services.outbox.sendWithProgress(destination.name, [payload], t('TODO message: {0}', composed.subject));
    return { kind: 'message', outboxIds, destination: destination.name };
  } catch (err) {
    await showTodoError(services, err, t('Post TODO'));
    return undefined;
  }
}

async function chooseRobot(services: Services, robots: Destination[], named: string | undefined): Promise<Destination | undefined> {
  const t = vscode.l10n.t;
  if (named) {
    const d = robots.find((r) => r.name === named);
    if (!d) void vscode.window.showErrorMessage(t('There is no custom robot destination named "{0}".', named));
    return d;
  }
  const preferred = robots.find((r) => r.name === services.settings.defaultDestination);
  if (robots.length === 1) return robots[0];
  const picked = await vscode.window.showQuickPick(
    robots.map((r) => ({ label: r.name, description: r === preferred ? t('default') : undefined, destination: r })),
    { placeHolder: t('Post the TODO to which group?'), ignoreFocusOut: true },
  );
  return picked?.destination;
}
