import * as vscode from 'vscode';
import { AppGroupDestination, Destination } from '../core/destinations/destination';
import { MEDIA_LIMITS } from '../core/dingtalk/media';
import { DingTalkError } from '../core/dingtalk/errors';
import { sampleImageMsg, sampleText } from '../core/dingtalk/messages';
import { ask, pickDestination } from '../host/pickers';
import type { RenderResult } from '../shared/protocol';
import type { Services } from './services';

/** Arguments for running without prompts (tests, other commands). Omitted fields are asked for. */
export interface SendWhiteboardArgs {
  readonly destination?: string;
  /** The caption; '' sends none. */
  readonly caption?: string;
}

type Png = Extract<RenderResult, { ok: true; format: 'png' }>;

/**
 * DingTalk: Send Whiteboard to DingTalk — one click from the view's toolbar: renders the board (or the selected
 * shapes) as a PNG at 2×, cropped to the content, uploads it as an image and posts it to the group as an image
 * message through the enterprise app's robot, then the optional caption as text. Goes to the chat the last
 * whiteboard went to (or the default, when it is an app group); otherwise asks.
 */
export function sendWhiteboard(services: Services, ...rawArgs: unknown[]): Promise<void> {
  return send(services, argsOf(rawArgs), false);
}

/** DingTalk: Send Whiteboard to… — the same, always asking for the chat. */
export function sendWhiteboardTo(services: Services, ...rawArgs: unknown[]): Promise<void> {
  return send(services, argsOf(rawArgs), true);
}

function argsOf(rawArgs: unknown[]): SendWhiteboardArgs {
  return (rawArgs.find((a) => typeof a === 'object' && a !== null && !(a instanceof vscode.Uri)) as SendWhiteboardArgs) ?? {};
}

async function send(services: Services, args: SendWhiteboardArgs, alwaysAsk: boolean): Promise<void> {
  const t = vscode.l10n.t;
  const wb = services.whiteboard;
  await wb.reveal();
  if (wb.shapeCount === 0) {
    void vscode.window.showInformationMessage(t('The whiteboard is empty: draw something first.'));
    return;
  }
  const destination = await chooseDestination(services, args, alwaysAsk);
  if (!destination) return;
  if (destination.kind === 'customRobot') {
    explainCustomRobot(services, destination.name);
    return;
  }
  const caption = args.caption ?? (await ask({ title: t('Send the whiteboard to "{0}"', destination.name), prompt: t('Add a caption (optional). Press Enter to send, Escape to cancel.') }));
  if (caption === undefined) return;

  const sent = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Sending the whiteboard to "{0}"', destination.name), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        progress.report({ message: t('Rendering…') });
        const png = await renderForDingTalk(services);
        if (!png) return undefined;
        progress.report({ message: t('Uploading the image ({0} KB)…', Math.ceil(png.data.byteLength / 1024)) });
        await push(services, destination, png, caption.trim(), abort.signal, () => progress.report({ message: t('Posting to the group…') }));
        return png;
      } catch (err) {
        if (!(err instanceof DingTalkError && err.kind === 'cancelled')) await services.errors.show(err, { destination: destination.name });
        return undefined;
      }
    },
  );
  if (!sent) return;
  services.logger.info('whiteboard', `sent a ${sent.width}×${sent.height} PNG (${sent.data.byteLength} bytes, ${sent.shapes} shapes) to "${destination.name}"`);
  const recall = t('Recall');
  const text = sent.selectionOnly
    ? t('Sent the selected shapes to "{0}" ({1} × {2} px).', destination.name, sent.width, sent.height)
    : t('Sent the whiteboard to "{0}" ({1} × {2} px).', destination.name, sent.width, sent.height);
  void vscode.window.showInformationMessage(text, recall).then((choice) => {
    if (choice === recall) void vscode.commands.executeCommand('dingtalk.recallWhiteboardPush');
  });
}

async function chooseDestination(services: Services, args: SendWhiteboardArgs, alwaysAsk: boolean): Promise<Destination | undefined> {
  const t = vscode.l10n.t;
  const store = services.destinations;
  if (args.destination) {
    const named = store.get(args.destination);
    if (!named) void vscode.window.showErrorMessage(t('There is no destination named "{0}".', args.destination));
    return named;
  }
  const last = services.whiteboard.pushes.lastDestination;
  const preferred = (last && store.get(last)) || store.get(services.settings.defaultDestination);
  if (!alwaysAsk && preferred?.kind === 'appGroup') return preferred;
  return pickDestination(store, t('Send the whiteboard to which chat?'), preferred?.name);
}

/** Custom robots cannot carry images: say so plainly and offer the two ways forward. */
function explainCustomRobot(services: Services, name: string): void {
  const t = vscode.l10n.t;
  const setUp = t('Set Up Enterprise App');
  const save = t('Save as PNG…');
  const other = t('Choose Another Chat');
  const canChoose = Boolean(services.destinations.app()) && services.destinations.list().some((d) => d.kind === 'appGroup');
  services.logger.info('whiteboard', `"${name}" is a custom robot: images cannot be sent there`);
  void vscode.window
    .showWarningMessage(
      t('"{0}" is a custom robot (webhook). DingTalk custom robots can send only text and Markdown, not images, so the whiteboard cannot go there. Images are sent by the enterprise app\'s robot.', name),
      ...(canChoose ? [other] : []),
      setUp,
      save,
    )
    .then((choice) => {
      if (choice === setUp) void vscode.commands.executeCommand('dingtalk.configureApp');
      else if (choice === save) void vscode.commands.executeCommand('dingtalk.exportWhiteboardPng');
      else if (choice === other) void vscode.commands.executeCommand('dingtalk.sendWhiteboardTo');
    });
}

/** A PNG at 2×; if that is over DingTalk's image limit, again at 1× (the upload then says if it is still too big). */
async function renderForDingTalk(services: Services): Promise<Png | undefined> {
  const t = vscode.l10n.t;
  let result = await services.whiteboard.render('png');
  if (result.ok && result.format === 'png' && result.data.byteLength > MEDIA_LIMITS.image.maxBytes) {
    services.logger.info('whiteboard', `the 2× PNG is ${result.data.byteLength} bytes; rendering at 1×`);
    result = await services.whiteboard.render('png', 1);
  }
  if (result.ok && result.format === 'png') return result;
  if (!result.ok && result.reason === 'empty') void vscode.window.showInformationMessage(t('The whiteboard is empty: draw something first.'));
  else throw new Error(t('The whiteboard could not be rendered: {0}', result.ok ? result.format : (result.detail ?? result.reason)));
  return undefined;
}

/** Upload, image message, caption; records the push (for Recall) as soon as the image is in the group. */
async function push(services: Services, destination: AppGroupDestination, png: Png, caption: string, signal: AbortSignal, posting: () => void): Promise<void> {
  const app = await services.dingtalk.app();
  const robotCode = services.destinations.app()?.robotCode ?? '';
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const { mediaId } = await app.media.upload({ type: 'image', fileName: `whiteboard-${stamp}.png`, data: png.data }, { signal });
  posting();
  const target = { openConversationId: destination.openConversationId, ...(robotCode ? { robotCode } : {}) };
  const image = await app.robot.sendToGroup(target, sampleImageMsg(mediaId), { signal });
  const keys = [image.processQueryKey];
  const record = () => services.whiteboard.pushes.record({ destination: destination.name, openConversationId: destination.openConversationId, robotCode, processQueryKeys: keys, sentAt: Date.now() });
  await record();
  if (caption) {
    keys.push((await app.robot.sendToGroup(target, sampleText(caption), { signal })).processQueryKey);
    await record();
  }
}
