import * as assert from 'node:assert/strict';
import type { DingTalkAppClient } from '../../../src/core/dingtalk/appClient';
import { DingTalkError } from '../../../src/core/dingtalk/errors';
import { appMediaUploader } from '../../../src/host/shareUpload';

/** The uploader a share uses (src/host/shareUpload.ts imports vscode types only, so it runs under plain Node). */
describe('the app media uploader of one share', () => {
  const upload = { type: 'file' as const, fileName: 'a.pdf', data: new Uint8Array([1]) };
  const client = { media: { upload: async () => ({ mediaId: '@m', type: 'file' }) } } as unknown as DingTalkAppClient;

  it('looks the app client (and its keychain secret) up once for the whole batch', async () => {
    let lookups = 0;
    const uploader = appMediaUploader({ app: async () => (lookups++, client) });
    for (let i = 0; i < 3; i++) assert.equal(await uploader(upload, undefined), '@m');
    assert.equal(lookups, 1);
  });

  it('tries the lookup again after it failed (e.g. the app was configured meanwhile)', async () => {
    let lookups = 0;
    const uploader = appMediaUploader({
      app: async () => {
        if (lookups++ === 0) throw new DingTalkError({ kind: 'invalidCredentials', details: { reason: 'appNotConfigured' } });
        return client;
      },
    });
    await assert.rejects(uploader(upload, undefined), (err: unknown) => err instanceof DingTalkError && err.kind === 'invalidCredentials');
    assert.equal(await uploader(upload, undefined), '@m');
    assert.equal(lookups, 2);
  });
});
