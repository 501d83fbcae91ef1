import * as vscode from 'vscode';
import { Destination } from '../core/destinations/destination';
import { strToU8 } from 'fflate';
import { DingTalkError } from '../core/dingtalk/errors';
import { markdownMessage, sampleMarkdown } from '../core/dingtalk/messages';
import { CodeSnippet, composeCodeMessage, RobotTarget } from '../core/send/codeMessage';
import { findLikelySecrets } from '../core/send/secretGuard';
import { atOf, OutgoingMarkdown, planMessageSize } from '../core/send/sizePlan';
import type { OutboxPayload } from '../core/outbox/item';
import { buildArchive } from '../core/share/archive';
import { mediaPayloads } from '../core/share/payloads';
import { codeMessageLabels } from '../host/codeMessageLabels';
import { repoInfoFor } from '../host/gitInfo';
import { askTextForDestination, chooseAddressees, destinationForSend, membersAsMentions } from '../host/sendPrompts';
import { keywordAllowance, withKeyword } from '../host/sender';
import { confirmDespiteSecrets } from '../host/secretPrompt';
import { appMediaUploader } from '../host/shareUpload';
import { CommandIds } from './commandIds';
import type { Services } from './services';

/** Arguments for running without prompts (tests, other commands). Omitted fields are asked for. */
export interface SendSelectionArgs {
  readonly destination?: string;
  readonly note?: string;
  /** Member aliases to @-mention. */
  readonly mentions?: readonly string[];
  /** @-mention everyone in the group (custom robots). */
  readonly mentionEveryone?: boolean;
  /** Answer for the secret-guard question: true sends anyway, false cancels. */
  readonly sendDespiteSecrets?: boolean;
  /** Answer for an oversized selection. */
  readonly oversize?: OversizeChoice;
}

type OversizeChoice = 'firstPart' | 'split' | 'file' | 'cancel';

/**
 * DingTalk: Send Selection — composes the selected code (every selection of the active editor) as a markdown
 * message, checks it for likely secrets and for DingTalk's size limit, optionally previews it, and queues it in
 * the outbox, which delivers it (rate-limited, retried, exactly once) while a progress notification runs.
 */
export async function sendSelection(services: Services, ...rawArgs: unknown[]): Promise<string[] | undefined> {
  const t = vscode.l10n.t;
  // From the editor context menu VS Code passes the document's Uri first; named arguments come as an object.
  const args: SendSelectionArgs = (rawArgs.find((a) => typeof a === 'object' && a !== null && !(a instanceof vscode.Uri)) as SendSelectionArgs) ?? {};
  const editor = vscode.window.activeTextEditor;
  const selections = editor?.selections.filter((s) => !s.isEmpty) ?? [];
  if (!editor) {
    void vscode.window.showInformationMessage(t('Select the code to send first, then run "DingTalk: Send Selection to DingTalk" (also in the editor\'s right-click menu).'));
    return undefined;
  }
  if (selections.length === 0) {
    offerLineOrFile(editor, rawArgs);
    return undefined;
  }

  let destination = await destinationForSend(services.destinations, services.settings.defaultDestination, args.destination);
  if (!destination) return undefined;
  let note = args.note;
  if (note === undefined) {
    const answer = await askTextForDestination(services.destinations, destination, {
      title: (name) => t('Send to "{0}"', name),
      prompt: t('Add a note (optional). Press Enter to send, Escape to cancel.'),
    });
    if (!answer) return undefined;
    ({ text: note, destination } = answer);
  }
  const target: RobotTarget = destination.kind === 'customRobot' ? 'customRobot' : 'appRobot';
  // Named arguments (or a note given without prompts) mean no question.
  const addressees =
    args.mentions || args.mentionEveryone !== undefined || args.note !== undefined
      ? { mentions: membersAsMentions(services.settings.members, args.mentions ?? []), everyone: args.mentionEveryone === true }
      : await chooseAddressees(services.settings.members, destination);
  if (addressees === undefined) return undefined;
  const { mentions, everyone } = addressees;

  const doc = editor.document;
  const repo = doc.uri.scheme === 'file' || doc.uri.scheme === 'vscode-remote' ? await repoInfoFor(doc.uri, services.settings.gitHosts) : undefined;
  const snippets: CodeSnippet[] = [...selections]
    .sort((a, b) => a.start.compareTo(b.start))
    .map((s) => {
      const endLine = s.end.character === 0 && s.end.line > s.start.line ? s.end.line - 1 : s.end.line;
      const range = new vscode.Range(s.start.line, 0, endLine, doc.lineAt(endLine).text.length);
      return {
        relativePath: vscode.workspace.asRelativePath(doc.uri, false),
        ...(repo?.repoPath ? { repoPath: repo.repoPath } : {}),
        languageId: doc.languageId,
        startLine: s.start.line + 1,
        endLine: endLine + 1,
        // Whole lines: a permalink points at lines, and half a line of code reads badly.
        text: doc.getText(range),
      };
    });
  const composed = composeCodeMessage({ snippets, repo, note: note.trim() || undefined, mentions, mentionEveryone: everyone, target, labels: codeMessageLabels() });
  for (const warning of composed.warnings) void vscode.window.showWarningMessage(warning);

  if (services.settings.secretGuard) {
    const findings = snippets.flatMap((s) => findLikelySecrets(s.text).map((f) => ({ ...f, line: f.line + s.startLine - 1 }))).concat(findLikelySecrets(note));
    if (!(await confirmDespiteSecrets(findings, destination.name, services.logger, args.sendDespiteSecrets))) return undefined;
  }

  const allowance = keywordAllowance(destination);
  const plan = planMessageSize(composed, allowance ? { limitBytes: (target === 'customRobot' ? 20_000 : 15_000) - allowance } : {});
  let outgoing: OutgoingMarkdown[];
  if (plan.fits) {
    outgoing = [plan.message];
  } else {
    const choice = args.oversize ?? (await chooseOversize(plan.bytes, plan.limit, plan.options.firstPart?.sentLines, plan.options.split?.length, Boolean(plan.options.file)));
    if (choice === 'firstPart' && plan.options.firstPart) outgoing = [plan.options.firstPart];
    else if (choice === 'split' && plan.options.split) outgoing = plan.options.split;
    else if (choice === 'file' && plan.options.file) return sendAsFile(services, destination.name, plan.options.file, note.trim(), composed.title);
    else return undefined;
  }

  if (services.settings.previewBeforeSending && !(await preview(destination, outgoing))) return undefined;

  const payloads: OutboxPayload[] = outgoing.map((m) =>
    target === 'customRobot'
      ? { kind: 'customRobot', message: withKeyword(destination, markdownMessage(m.title, m.markdown, { at: atOf(m) })) }
      : { kind: 'appRobot', ...sampleMarkdown(m.title, m.markdown) },
  );
  return services.outbox.sendWithProgress(destination.name, payloads, composed.title);
}

/**
 * Nothing selected: say so, and offer to select the cursor's line or the whole file and send that. The offer is
 * not awaited (a notification can stay open indefinitely); a choice selects the text visibly, then sends it.
 */
function offerLineOrFile(editor: vscode.TextEditor, rawArgs: unknown[]): void {
  const t = vscode.l10n.t;
  const doc = editor.document;
  const line = doc.lineAt(editor.selection.active.line);
  const sendLine = t('Send Line {0}', line.lineNumber + 1);
  const sendFile = t('Send Whole File');
  const choices = [...(line.isEmptyOrWhitespace ? [] : [sendLine]), ...(doc.getText().trim() ? [sendFile] : [])];
  if (choices.length === 0) {
    void vscode.window.showInformationMessage(t('Select the code to send first, then run "DingTalk: Send Selection to DingTalk" (also in the editor\'s right-click menu).'));
    return;
  }
  const fileName = doc.uri.path.split('/').pop() ?? doc.uri.path;
  void vscode.window.showInformationMessage(t('Nothing is selected in {0}. Send the current line or the whole file, or select the code to send first.', fileName), ...choices).then(async (choice) => {
    if (!choice || doc.isClosed) return;
    const shown = await vscode.window.showTextDocument(doc, { viewColumn: editor.viewColumn, preserveFocus: false });
    const last = doc.lineAt(doc.lineCount - 1);
    shown.selection = choice === sendFile ? new vscode.Selection(0, 0, last.lineNumber, last.text.length) : new vscode.Selection(line.lineNumber, 0, line.lineNumber, line.text.length);
    shown.revealRange(shown.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.commands.executeCommand(CommandIds.sendSelection, ...rawArgs);
  });
}

/**
 * App robot only: the code as a .zip file (DingTalk's file messages accept only a few types, so a text file is
 * zipped). The upload happens now — media ids do not expire — and the file message goes through the outbox.
 */
async function sendAsFile(services: Services, destination: string, file: { text: string; fileName: string; archiveFileName: string }, note: string, title: string): Promise<string[] | undefined> {
  const t = vscode.l10n.t;
  // The share's archive writer: entries marked as made on Unix, so unzip keeps a Chinese file name intact.
  const bytes = strToU8(file.text);
  const data = await buildArchive([{ kind: 'file', path: file.fileName, size: bytes.length, mtime: Date.now(), read: async () => bytes }], { maxBytes: Number.MAX_SAFE_INTEGER });
  // (No limit here: the upload checks DingTalk's 20 MB and says so, naming the file.)
  const mediaId = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Uploading {0}…', file.archiveFileName), cancellable: true },
    async (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        return await appMediaUploader(services.dingtalk)({ type: 'file', fileName: file.archiveFileName, data }, abort.signal);
      } catch (err) {
        if (!(err instanceof DingTalkError && err.kind === 'cancelled')) await services.errors.show(err, { destination });
        return undefined;
      }
    },
  );
  if (!mediaId) return undefined;
  return services.outbox.sendWithProgress(destination, mediaPayloads(note, [{ kind: 'file', mediaId, fileName: file.archiveFileName, fileType: 'zip' }]), title);
}

async function chooseOversize(bytes: number, limit: number, firstLines: number | undefined, parts: number | undefined, asFile: boolean): Promise<OversizeChoice> {
  const t = vscode.l10n.t;
  const items: Array<vscode.QuickPickItem & { choice: OversizeChoice }> = [];
  if (firstLines !== undefined) items.push({ label: t('Send the first {0} lines', firstLines), detail: t('A note says how many lines were left out.'), choice: 'firstPart' });
  if (parts !== undefined) items.push({ label: t('Split into {0} messages', parts), detail: t('Each part has its own code block, in order.'), choice: 'split' });
  if (asFile) items.push({ label: t('Send it as a file'), detail: t('The code goes to the group as a .zip file.'), choice: 'file' });
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: t('The selection is {0} KB; a DingTalk message holds at most {1} KB. Nothing is cut without asking.', (bytes / 1024).toFixed(1), (limit / 1024).toFixed(1)),
    ignoreFocusOut: true,
  });
  return picked?.choice ?? 'cancel';
}

async function preview(destination: Destination, messages: OutgoingMarkdown[]): Promise<boolean> {
  const t = vscode.l10n.t;
  const doc = await vscode.workspace.openTextDocument({
    language: 'markdown',
    content: messages.map((m) => `<!-- ${t('To: {0}', destination.name)} · ${m.title} -->\n\n${m.markdown}`).join('\n\n---\n\n'),
  });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  const send = t('Send');
  const answer = await vscode.window.showInformationMessage(
    t('Send this to "{0}"?', destination.name),
    { modal: true, detail: messages.length > 1 ? t('{0} messages.', messages.length) : undefined },
    send,
  );
  return answer === send;
}
