import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DingTalkAppClient } from '../../src/core/dingtalk/appClient';
import type { AssignTodoOutcome } from '../../src/commands/assignTodo';
import type { TodoNode } from '../../src/host/todos/todoTree';
import { Sandbox } from '../sandbox/server';
import { activateExtension } from './helpers';
import { addSignedRobot, clearDestinations, makeGitRepo, releaseSandbox, useSandbox, workspaceRoot } from './sandboxFixture';

const FILE = 'src/todoDemo.ts';
const SOURCE = [
  'export function total(prices: number[]): number {',
  '  // TODO(@alice @13800000002, 2026-12-01, P1): round half to even',
  '  const s = "// TODO: a string, never a code lens";',
  '  return prices.reduce((a, b) => a + b, 0) + s.length;',
  '}',
  '',
  'export function tax(n: number): number {',
  '  // FIXME: use the rate table [dt:placeholder]',
  '  return n * 0.13;',
  '}',
  '',
  '// TODO @me due:2026-11-30 !critical check the totals',
  '',
].join('\n');

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: workspaceRoot(), encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e.com' } }).trim();
}

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
}

/** Runs a code lens's command with its arguments, as VS Code does when the lens is clicked. */
async function click(lens: vscode.CodeLens): Promise<AssignTodoOutcome | undefined> {
  assert.ok(lens.command, 'the lens has a command');
  return vscode.commands.executeCommand<AssignTodoOutcome | undefined>(lens.command.command, ...(lens.command.arguments ?? []));
}

function statusGroups(tree: vscode.TreeDataProvider<TodoNode>): Array<Extract<TodoNode, { type: 'status' }>> {
  return (tree.getChildren() as TodoNode[]).filter((n): n is Extract<TodoNode, { type: 'status' }> => n.type === 'status');
}

/** Resolves when the index satisfies `ok` (checked now and on every change), or fails after `ms`. */
async function indexed(ok: () => boolean, what: string, ms = 15_000): Promise<void> {
  const api = await activateExtension();
  if (ok()) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const sub = api.todos.service.index.onDidChange(() => {
      if (!ok()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

describe('TODO comments become DingTalk to-dos (against the sandbox)', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let uri: vscode.Uri;
  const user = (userid: string) => sandbox.demo.users.find((u) => u.userid === userid)!;

  before(async () => {
    sandbox = await useSandbox();
    const api = await activateExtension();
    makeGitRepo();
    fs.writeFileSync(path.join(workspaceRoot(), FILE), SOURCE);
    git('add', FILE);
    git('commit', '-q', '-m', 'todo demo');
    const config = vscode.workspace.getConfiguration('dingtalk');
    await config.update('members', { zhangwei: '13800000001', alice: { mobile: '13800000004', userId: 'alice.chen' }, lina: '13800000002' }, vscode.ConfigurationTarget.Global);
    await config.update('me', 'zhangwei', vscode.ConfigurationTarget.Global);
    await api.destinations.saveApp({ appKey: sandbox.demo.app.appKey, robotCode: sandbox.demo.app.robotCode }, sandbox.demo.app.appSecret);
    uri = vscode.Uri.file(path.join(workspaceRoot(), FILE));
    await vscode.window.showTextDocument(uri);
  });

  after(async () => {
    const api = await activateExtension();
    const config = vscode.workspace.getConfiguration('dingtalk');
    await config.update('members', undefined, vscode.ConfigurationTarget.Global);
    await config.update('me', undefined, vscode.ConfigurationTarget.Global);
    await api.todos.service.setOnlyMine(false);
    await clearDestinations();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await releaseSandbox(sandbox);
  });

  it('puts a code lens on each unassigned TODO comment, and only on comments', async () => {
    const lenses = (await lensesOf(uri)).filter((l) => l.command?.command === 'dingtalk.assignTodo');
    assert.deepStrictEqual(lenses.map((l) => l.range.start.line), [1, 11], 'not on the string (line 3), not on the tracked FIXME (line 8)');
    assert.strictEqual(lenses[0].command?.title, '$(person-add) Assign to @alice @13800000002 as DingTalk to-do');
  });

  it('the code lens creates the to-do (executors, due time, priority, description, detailUrl) and writes the marker', async () => {
    sandbox.reset();
    const api = await activateExtension();
    const lens = (await lensesOf(uri)).find((l) => l.range.start.line === 1)!;
    const outcome = await click(lens);
    assert.ok(outcome?.kind === 'todo', JSON.stringify(outcome));
    assert.strictEqual(outcome.created, true);
    assert.strictEqual(outcome.markerWritten, true);

    const todos = sandbox.state.todos();
    assert.strictEqual(todos.length, 1);
    const task = todos[0];
    assert.strictEqual(task.id, outcome.taskId);
    assert.strictEqual(task.subject, 'round half to even');
    assert.deepStrictEqual(task.executorIds, [user('alice.chen').unionid, user('lina').unionid]);
    assert.strictEqual(task.creatorId, user('zhangwei').unionid, 'created by "me" (dingtalk.me)');
    assert.strictEqual(task.dueTime, new Date(2026, 11, 1, 23, 59).getTime());
    assert.strictEqual(task.priority, 30);
    assert.match(task.sourceId ?? '', /^dt-[0-9a-f]{32}$/);
    const permalink = /https:\/\/github\.com\/vscode-dingtalk\/demo-project\/blob\/[0-9a-f]{40}\/src\/todoDemo\.ts#L2/.exec(task.description ?? '')?.[0];
    assert.ok(permalink, `a permalink in: ${task.description}`);
    assert.ok(task.description?.startsWith('src/todoDemo.ts:2\nBranch: main · Commit: '), task.description);
    assert.ok(task.description?.includes('> 2 |   // TODO(@alice @13800000002, 2026-12-01, P1): round half to even'));
    assert.ok(task.description?.includes('  4 |   return prices.reduce((a, b) => a + b, 0) + s.length;'));
    const editorLink = `${vscode.env.uriScheme}://vscode-dingtalk.vscode-dingtalk/todo?path=src%2FtodoDemo.ts&line=2&sid=${task.sourceId}`;
    assert.deepStrictEqual(task.detailUrl, { pcUrl: editorLink, appUrl: permalink });
    assert.ok(task.description?.includes(`Open in VS Code: ${editorLink}`));

    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(doc.lineAt(1).text, `  // TODO(@alice @13800000002, 2026-12-01, P1): [dt:${task.id}] round half to even`);
    assert.ok(!(await lensesOf(uri)).some((l) => l.range.start.line === 1), 'no lens once it is a to-do');
    assert.strictEqual(api.todos.service.task(api.todos.service.itemAt(doc, 1)!)?.done, false);
  });

  it('doing it twice creates one to-do: the retry finds it by sourceId and writes the same marker', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const taskId = sandbox.state.todos()[0].id;
    // Lose the marker (an undo, a reverted file), then assign again.
    const edit = new vscode.WorkspaceEdit();
    const line = doc.lineAt(1).text;
    const at = line.indexOf(`[dt:${taskId}] `);
    edit.delete(uri, new vscode.Range(1, at, 1, at + `[dt:${taskId}] `.length));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const lens = (await lensesOf(uri)).find((l) => l.range.start.line === 1)!;
    const outcome = await click(lens);
    assert.ok(outcome?.kind === 'todo');
    assert.strictEqual(outcome.created, false);
    assert.strictEqual(outcome.taskId, taskId);
    assert.strictEqual(sandbox.state.todos().length, 1, 'still one to-do');
    assert.ok(doc.lineAt(1).text.includes(`[dt:${taskId}]`));
  });

  it('opens the exact file and line from the to-do\'s link (URI handler)', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const task = sandbox.state.todos()[0];
    await api.todos.uriHandler.handleUri(vscode.Uri.parse(task.detailUrl!.pcUrl!));
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.fsPath, uri.fsPath);
    assert.strictEqual(editor.selection.active.line, 1);
  });

  it('shows a to-do done in DingTalk as done in the tree and on the line after a refresh; offers "Remove completed TODO"', async () => {
    const api = await activateExtension();
    await vscode.window.showTextDocument(uri);
    const task = sandbox.state.todos()[0];
    // Alice completes it in DingTalk.
    const dingtalk = new DingTalkAppClient({ credentials: { appKey: sandbox.demo.app.appKey, appSecret: sandbox.demo.app.appSecret }, apiBaseUrl: sandbox.baseUrl, oapiBaseUrl: sandbox.baseUrl });
    await dingtalk.todos.markDone(user('alice.chen').unionid, task.id);
    assert.strictEqual(sandbox.state.todo(task.id)?.done, true);

    const result = (await vscode.commands.executeCommand('dingtalk.refreshTodos')) as { synced: number };
    assert.ok(result.synced >= 1, JSON.stringify(result));
    assert.strictEqual(api.todos.service.scanner.lastSummary?.engine, 'ripgrep');
    assert.ok(api.todos.service.scanner.ripgrepInUse?.startsWith(vscode.env.appRoot), `VS Code's own rg is used: ${api.todos.service.scanner.ripgrepInUse} (appRoot ${vscode.env.appRoot})`);

    const groups = statusGroups(api.todos.tree);
    const done = groups.find((g) => g.group.status === 'done')!;
    assert.ok(done.group.entries.some((e) => e.item.taskId === task.id && e.key === uri.toString()), 'in the Done group');
    const assignees = (api.todos.tree.getChildren(done) as TodoNode[]).map((n) => (n.type === 'assignee' ? n.assignee : ''));
    assert.deepStrictEqual(assignees, ['13800000002', 'alice']);
    const item = api.todos.tree.getTreeItem((api.todos.tree.getChildren(api.todos.tree.getChildren(done)[0] as TodoNode) as TodoNode[])[0]);
    assert.deepStrictEqual(item.command?.arguments, [uri.toString(), 1, 5]);
    const unassigned = groups.find((g) => g.group.status === 'unassigned')!.group.entries.filter((e) => e.key === uri.toString());
    assert.deepStrictEqual(unassigned.map((e) => e.item.text), ['check the totals'], 'the @me TODO is still unassigned');

    assert.deepStrictEqual(api.todos.decorations.applied.get(uri.toString())?.done, [1], 'the done decoration is on line 2');

    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(1, 0, 1, 0))) ?? [];
    const remove = actions.find((a) => a.title === 'Remove completed TODO');
    assert.ok(remove?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(remove.edit));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(doc.lineAt(1).text, '  const s = "// TODO: a string, never a code lens";');
  });

  it('"Mark Done" in VS Code marks the to-do done in DingTalk; "@me" assigns to me; "only mine" filters the tree', async () => {
    const api = await activateExtension();
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('@me due:'));
    const outcome = await vscode.commands.executeCommand<AssignTodoOutcome>('dingtalk.assignTodo', { uri: uri.toString(), line });
    assert.ok(outcome?.kind === 'todo');
    const task = sandbox.state.todo(outcome.taskId)!;
    assert.deepStrictEqual(task.executorIds, [user('zhangwei').unionid]);
    assert.strictEqual(task.priority, 40);
    assert.strictEqual(task.dueTime, new Date(2026, 10, 30, 23, 59).getTime());

    await vscode.commands.executeCommand('dingtalk.showMyTodos');
    api.todos.tree.refreshNow();
    const mine = statusGroups(api.todos.tree).flatMap((g) => g.group.entries.map((e) => e.item.taskId));
    assert.deepStrictEqual(mine, [outcome.taskId], 'only the to-do assigned to me');
    await vscode.commands.executeCommand('dingtalk.showAllTodos');

    const markerColumn = doc.lineAt(line).text.indexOf('[dt:') + 2;
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, markerColumn))) ?? [];
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    for (const part of ['check the totals', 'Status: Open', '@zhangwei', 'Due: 2026-11-30', 'Priority: P0', 'command:dingtalk.markTodoDone']) assert.ok(hoverText.includes(part), `hover has ${part}: ${hoverText}`);

    assert.strictEqual(await vscode.commands.executeCommand('dingtalk.markTodoDone', { uri: uri.toString(), line }), true);
    assert.strictEqual(sandbox.state.todo(outcome.taskId)?.done, true);
    assert.strictEqual(api.todos.service.statusOf(api.todos.service.itemAt(doc, line)!), 'done');
  });

  it('keeps the workspace index in step with edits, new files, renames and deletions', async () => {
    const api = await activateExtension();
    const index = api.todos.service.index;
    await api.todos.service.scanner.ensureScanned();
    const texts = (u: vscode.Uri) => index.get(u.toString()).map((i) => i.text);

    // An edit in an open editor: the line appears at once (no save needed).
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '// FIXME: added while typing\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(texts(uri).includes('added while typing'), 'indexed synchronously on the edit');
    await doc.save();

    // A file created on disk (a checkout, a generator): picked up by the watcher.
    const created = vscode.Uri.file(path.join(workspaceRoot(), 'src', 'todoCreated.ts'));
    fs.writeFileSync(created.fsPath, '// TODO: created on disk\n');
    await indexed(() => texts(created).includes('created on disk'), 'the created file');

    // A rename through VS Code moves its TODOs.
    const renamed = vscode.Uri.file(path.join(workspaceRoot(), 'src', 'todoRenamed.ts'));
    const rename = new vscode.WorkspaceEdit();
    rename.renameFile(created, renamed);
    // The rename's own file events must have been seen first: the watcher drops "created, then deleted" pairs.
    const renameEventsSeen = new Promise<void>((resolve) => {
      const sub = api.todos.service.scanner.onDidProcessFileEvents((keys) => {
        if (keys.includes(renamed.toString())) {
          sub.dispose();
          resolve();
        }
      });
    });
    assert.ok(await vscode.workspace.applyEdit(rename));
    await indexed(() => texts(renamed).includes('created on disk') && texts(created).length === 0, 'the renamed file');
    await renameEventsSeen;

    // Deleted on disk: gone from the index.
    fs.unlinkSync(renamed.fsPath);
    await indexed(() => texts(renamed).length === 0, 'the deleted file to leave the index');

    // Ignored files stay out: .gitignore'd and files.exclude'd.
    fs.writeFileSync(path.join(workspaceRoot(), '.gitignore'), 'generated/\n');
    fs.mkdirSync(path.join(workspaceRoot(), 'generated'), { recursive: true });
    const ignored = vscode.Uri.file(path.join(workspaceRoot(), 'generated', 'out.ts'));
    fs.writeFileSync(ignored.fsPath, '// TODO: ignored by .gitignore\n');
    const sentinel = vscode.Uri.file(path.join(workspaceRoot(), 'src', 'todoSentinel.ts'));
    fs.writeFileSync(sentinel.fsPath, '// TODO: written after the ignored one\n');
    await indexed(() => texts(sentinel).length === 1, 'the sentinel file');
    assert.deepStrictEqual(texts(ignored), [], 'not indexed: ignored');
    for (const p of [sentinel.fsPath, path.join(workspaceRoot(), '.gitignore'), path.join(workspaceRoot(), 'generated')]) fs.rmSync(p, { recursive: true, force: true });
  });

  it('"Assign TODOs in Workspace…" assigns the chosen TODOs, each marker written as its to-do is confirmed', async () => {
    const file = vscode.Uri.file(path.join(workspaceRoot(), 'src', 'todoBulk.py'));
    const docstring = '"""';
    fs.writeFileSync(file.fsPath, ['def f():', `    ${docstring}Bulk.`, '', '    TODO(@lina): first bulk item', `    ${docstring}`, '    # FIXME @alice due:+3d second bulk item', '    # TODO: not chosen', ''].join('\n'));
    const doc = await vscode.workspace.openTextDocument(file);
    const before = sandbox.state.todos().length;
    const result = await vscode.commands.executeCommand<{ created: number; failed: number }>('dingtalk.assignWorkspaceTodos', { select: ['first bulk item', 'second bulk item'] });
    assert.deepStrictEqual(result, { created: 2, existing: 0, failed: 0 });
    const created = sandbox.state.todos().slice(before);
    assert.deepStrictEqual(created.map((t) => [t.subject, t.executorIds]).sort(), [
      ['first bulk item', [user('lina').unionid]],
      ['second bulk item', [user('alice.chen').unionid]],
    ]);
    const lines = doc.getText().split('\n');
    assert.ok(lines[3].includes('[dt:') && lines[5].includes('[dt:') && !lines[6].includes('[dt:'), lines.join('\n'));
  });

  it('"Assign TODOs in Workspace…" sums up a DingTalk failure in words the user can act on, not the log text', async () => {
    const file = vscode.Uri.file(path.join(workspaceRoot(), 'src', 'todoBulkFail.ts'));
    fs.writeFileSync(file.fsPath, ['// TODO(@lina): bulk item refused', '// TODO(@lina): bulk item accepted', ''].join('\n'));
    await vscode.workspace.openTextDocument(file);
    const scope = 'Todo.Todo.Write';
    // DingTalk refuses the first create: the app lacks the to-do permission.
    const refused = sandbox.addFault({
      match: { path: '/v1.0/todo/users/', method: 'POST' },
      action: { status: 403, body: { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message: '没有调用该接口的权限', requestid: 'req-bulk-fail', accessdenieddetail: { requiredScopes: [scope] } } },
    });
    const warnings: string[] = [];
    const window = vscode.window as { showWarningMessage: (message: string, ...items: unknown[]) => Thenable<unknown> };
    const original = window.showWarningMessage;
    window.showWarningMessage = (message: string) => {
      warnings.push(message);
      return Promise.resolve(undefined);
    };
    let result: { created: number; existing: number; failed: number } | undefined;
    try {
      result = await vscode.commands.executeCommand<typeof result>('dingtalk.assignWorkspaceTodos', { select: ['bulk item refused', 'bulk item accepted'] });
    } finally {
      window.showWarningMessage = original;
    }
    assert.strictEqual(refused.hits, 1);
    assert.deepStrictEqual(result, { created: 1, existing: 0, failed: 1 });
    // The localised explanation and remedy (src/host/errorText.ts), without DingTalk's code, status and request id.
    const expected =
      `1 to-dos created, 1 failed. First failure: todoBulkFail.ts:1: The DingTalk app lacks the permission ${scope}. ` +
      `In the DingTalk developer console, apply for ${scope} under the app's permissions and publish the app.`;
    assert.deepStrictEqual(warnings, [expected]);
  });

  it('never touches the file before DingTalk confirms, and finds the TODO by its text if lines moved meanwhile', async () => {
    const file = vscode.Uri.file(path.join(workspaceRoot(), 'src', 'todoMoving.ts'));
    fs.writeFileSync(file.fsPath, 'export const a = 1;\n// TODO(@lina): survive an edit\n');
    const doc = await vscode.workspace.openTextDocument(file);
    // DingTalk answers the create slowly.
    const slow = sandbox.addFault({ match: { path: '/v1.0/todo/users/', method: 'POST' }, action: { delayMs: 2000 } });
    const assigning = vscode.commands.executeCommand<AssignTodoOutcome>('dingtalk.assignTodo', { uri: file.toString(), line: 1 });
    // Wait until the request is at DingTalk, then edit: lines move under the pending to-do.
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (slow.hits > 0) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() - started > 10_000) {
          clearInterval(poll);
          reject(new Error('the create request never reached the sandbox'));
        }
      }, 20);
    });
    assert.ok(!doc.getText().includes('[dt:'), 'nothing written before DingTalk confirms');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(file, new vscode.Position(0, 0), '// a new first line\n// and another\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const outcome = await assigning;
    assert.ok(outcome?.kind === 'todo' && outcome.markerWritten, JSON.stringify(outcome));
    assert.strictEqual(doc.lineAt(3).text, `// TODO(@lina): [dt:${outcome.taskId}] survive an edit`);
    assert.strictEqual(doc.lineAt(1).text, '// and another');
  });

  it('names people DingTalk cannot find, and creates nothing', async () => {
    const api = await activateExtension();
    const file = path.join(workspaceRoot(), 'src', 'todoUnknown.ts');
    fs.writeFileSync(file, '// TODO(@nobody.at.all): who is this\n');
    const doc = await vscode.workspace.openTextDocument(file);
    const before = sandbox.state.todos().length;
    const composed = api.todos.assigner.assign(await api.dingtalk.app(), doc, api.todos.service.itemAt(doc, 0)!);
    await assert.rejects(composed, (err: Error) => /@nobody\.at\.all/.test(err.message) && /dingtalk\.members/.test(err.message));
    assert.strictEqual(sandbox.state.todos().length, before);
    assert.strictEqual(doc.lineAt(0).text, '// TODO(@nobody.at.all): who is this', 'the file is untouched');
  });

  it('with only a custom robot, posts the TODO to the group as an @mention message (not a tracked to-do)', async () => {
    sandbox.reset();
    const api = await activateExtension();
    await api.destinations.forgetAllSecrets(); // no enterprise app any more
    await clearDestinations();
    await addSignedRobot(sandbox, 'team');
    const file = path.join(workspaceRoot(), 'src', 'todoRobot.ts');
    fs.writeFileSync(file, 'export const rate = 0.13;\n// TODO(@alice @13800000002, P2): move the rate to config\n');
    const fileUri = vscode.Uri.file(file);
    await vscode.workspace.openTextDocument(fileUri); // code lenses are computed for loaded documents
    const lens = (await lensesOf(fileUri)).find((l) => l.range.start.line === 1)!;
    assert.ok(lens.command);
    const outcome = await vscode.commands.executeCommand<AssignTodoOutcome>(lens.command.command, ...(lens.command.arguments ?? []), { fallback: 'message', destination: 'team' });
    assert.ok(outcome?.kind === 'message', JSON.stringify(outcome));
    for (const id of outcome.outboxIds) assert.strictEqual((await api.outbox.outbox.whenSettled(id)).outcome, 'delivered');
    const robot = sandbox.demo.customRobots.find((r) => r.signingSecret)!;
    const [message] = sandbox.state.messages(robot.openConversationId);
    assert.strictEqual(message.msgtype, 'markdown');
    const content = message.content as { title: string; text: string };
    assert.strictEqual(content.title, 'TODO: move the rate to config');
    assert.ok(content.text.includes('*A message, not a tracked DingTalk to-do.*'), content.text);
    assert.ok(content.text.includes('For: @alice.chen (alice) @13800000002'), content.text);
    assert.ok(content.text.includes('Priority: P2'));
    const mentions = message.mentions.map((m) => [m.userid, m.via, m.inContent]).sort();
    assert.deepStrictEqual(mentions, [['alice.chen', 'atUserIds', true], ['lina', 'atMobiles', true]], 'both are really @mentioned');
    assert.strictEqual(sandbox.state.todos().length, 0, 'no to-do');
    const doc = await vscode.workspace.openTextDocument(fileUri);
    assert.ok(!doc.getText().includes('[dt:'), 'no marker: a message is not tracked');
    await api.destinations.saveApp({ appKey: sandbox.demo.app.appKey, robotCode: sandbox.demo.app.robotCode }, sandbox.demo.app.appSecret);
  });
});
