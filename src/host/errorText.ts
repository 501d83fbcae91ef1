import * as vscode from 'vscode';
import { DingTalkError, DingTalkErrorKind, isAppRobotRefusalCode } from '../core/dingtalk/errors';

/**
 * The user-facing, localised text of every DingTalk error kind: what happened and what to do. The core's
 * English `explanation`/`remedy` are for logs; what the user reads comes from here (English and 简体中文).
 */
export function localizedErrorText(err: DingTalkError): { explanation: string; remedy: string } {
  const d = err.details;
  const scopes = err.requiredScopes?.join(', ');
  const t = vscode.l10n.t;
  const table: Record<DingTalkErrorKind, () => [string, string]> = {
    signMismatch: () => [t('The signing secret does not match this robot.'), t("Copy the secret (SEC…) from the robot's security settings (加签) again.")],
    keywordsNotInContent: () => [t("The message contains none of the robot's custom keywords."), t("Add one of the robot's keywords to this destination, or change the robot's keywords.")],
    invalidTimestamp: () => [t("DingTalk rejected the signature's timestamp: this computer's clock is more than an hour off."), t("Set this computer's date and time to update automatically, then send again.")],
    ipNotAllowed: () => [t("This computer's IP address is not in the robot's or app's allow-list."), t('Ask the administrator to allow your IP address, or send from an allowed network.')],
    rateLimited: () => [
      t('DingTalk is throttling: too many messages were sent too quickly.'),
      err.retryAfterMs ? t('Messages wait in the outbox and go out automatically in about {0} minute(s).', Math.max(1, Math.ceil(err.retryAfterMs / 60_000))) : t('Messages wait in the outbox and go out automatically.'),
    ],
    tokenNotExist: () => [t("DingTalk does not know this webhook's access token (robot removed, or URL incomplete)."), t("Copy the complete webhook URL from the robot's settings again.")],
    robotDisabled: () => [t('The robot is disabled.'), t("Re-enable it in the group's robot settings.")],
    invalidAccessToken: () => [t('DingTalk rejected the app access token.'), t("Check the app's AppKey and AppSecret.")],
    permissionDenied: () =>
      scopes
        ? [t('The DingTalk app lacks the permission {0}.', scopes), t('In the DingTalk developer console, apply for {0} under the app\'s permissions and publish the app.', scopes)]
        : [t('The DingTalk app lacks a permission for this.'), t("Apply for the permission named in the log under the app's permissions in the DingTalk developer console.")],
    quotaExceeded: () => [t("The organisation has used up this month's DingTalk API quota."), t('Wait for the quota to reset next month, or upgrade the DingTalk edition.')],
    invalidCredentials: () =>
      d.reason === 'appNotConfigured'
        ? [t('The enterprise app is not configured yet.'), t('Configure it with its AppKey and AppSecret.')]
        : [t('DingTalk rejected the AppKey or AppSecret.'), t("Copy them again from the app's credentials page in the DingTalk developer console.")],
    bodyTooLarge: () => [t('The message is {0} bytes; DingTalk accepts at most {1}.', String(d.size ?? '?'), String(d.limit ?? '?')), t('Send a smaller selection, split it, or share it as a file.')],
    fileTooLarge: () => [t('{0} is {1}; DingTalk accepts at most {2} for this type.', String(d.fileName ?? ''), formatBytes(d.size), formatBytes(d.limit)), t('Choose a smaller file or compress it.')],
    unsupportedFileType: () => [t('DingTalk does not accept {0} as {1}.', String(d.fileName ?? ''), String(d.type ?? '')), t('It will be sent inside a .zip archive instead.')],
    unsupportedMessageType: () =>
      d.reason === 'destinationChanged'
        ? [t('The queued message no longer fits the destination "{0}": it was changed to another kind of chat.', String(d.destination ?? '')), t('Discard the message and send it again.')]
        : isAppRobotRefusalCode(err.code)
          ? [t("DingTalk's app robot refused this message type or file format."), t('Share the file inside a .zip archive, or send the content as text.')]
          : [t('A custom robot can only send text and markdown messages.'), t('Images and files need the enterprise app.')],
    contentRejected: () => [t('DingTalk refused the message content as unsafe.'), t('Remove links or wording DingTalk may consider unsafe.')],
    invalidParameter: () => [t('DingTalk rejected a request parameter{0}.', d.parameter ? ` (${d.parameter})` : ''), t("DingTalk's own message is in the log.")],
    invalidWebhookUrl: () => [t('That is not a DingTalk custom-robot webhook URL.'), t('Copy the URL that starts with https://oapi.dingtalk.com/robot/send?access_token= from the robot\'s settings.')],
    robotNotInGroup: () => [t("The app's robot is not in that group."), t('Add the robot to the group (group settings → Robots), then send again.')],
    conversationNotFound: () => [t('The group no longer exists or its id is wrong.'), t('Choose the group again.')],
    taskExists: () => [t('This to-do already exists.'), t('The existing to-do is used.')],
    taskNotFound: () => [t('The to-do no longer exists.'), t('Refresh the to-do list.')],
    userNotFound: () => [t('{0} was not found in the organisation.', String(d.who ?? d.mobile ?? d.userid ?? '')), t('Check the mobile number or user id in dingtalk.members.')],
    timeout: () => [t('DingTalk did not answer in time.'), t('Check the network; the message stays in the outbox and is retried.')],
    network: () => [t('Could not reach DingTalk.'), t('Check the network, proxy (http.proxy) and firewall.')],
    server: () => [t('DingTalk reported a server error.'), t('It is retried automatically.')],
    cancelled: () => [t('Cancelled.'), ''],
    unknown: () =>
      d.reason === 'maybeSent'
        ? [t('DingTalk did not confirm the message; it may already be in the group, so it was not sent again.'), t('Check the group, then retry or discard it in "DingTalk: Show Outbox".')]
        : [t('DingTalk returned an unexpected error{0}.', err.code ? ` (${err.code})` : ''), t("DingTalk's message and request id are in the log.")],
  };
  const [explanation, remedy] = table[err.kind]();
  return { explanation, remedy };
}

function formatBytes(n: unknown): string {
  if (typeof n !== 'number') return '?';
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}
