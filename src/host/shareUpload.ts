import type { DingTalkAppClient } from '../core/dingtalk/appClient';
import type { MediaUploader } from '../core/share/uploadBatch';
import type { DingTalkService } from './dingtalkService';

/**
 * Uploads through the enterprise app's media/upload (the client checks type and size before any byte leaves).
 * Used by "Share File" and by Send Selection's "send it as a file". Throws DingTalkError, including
 * `invalidCredentials` with details.reason 'appNotConfigured' when there is no app yet. One uploader serves one
 * share: the app's client (and its secret, read from the keychain) is looked up once for the whole batch.
 */
export function appMediaUploader(dingtalk: Pick<DingTalkService, 'app'>): MediaUploader {
  let client: ReturnType<DingTalkService['app']> | undefined;
  return async (upload, signal) => {
    const pending = (client ??= dingtalk.app());
    pending.catch(() => (client = undefined)); // a failed lookup is tried again by the next file
    return clientMediaUploader(await pending)(upload, signal);
  };
}

/** The same, through an app client the caller already has. */
export function clientMediaUploader(app: Pick<DingTalkAppClient, 'media'>): MediaUploader {
  return async (upload, signal) => (await app.media.upload(upload, { signal })).mediaId;
}
