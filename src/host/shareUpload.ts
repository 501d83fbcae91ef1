import type { MediaUploader } from '../core/share/uploadBatch';
import type { DingTalkService } from './dingtalkService';

/**
 * Uploads through the enterprise app's media/upload (the client checks type and size before any byte leaves).
 * Used by "Share File" and by Send Selection's "send it as a file". Throws DingTalkError, including
 * `invalidCredentials` with details.reason 'appNotConfigured' when there is no app yet.
 */
export function appMediaUploader(dingtalk: Pick<DingTalkService, 'app'>): MediaUploader {
  return async (upload, signal) => {
    const app = await dingtalk.app();
    return (await app.media.upload(upload, { signal })).mediaId;
  };
}
