import * as assert from 'node:assert/strict';
import { mediaPayloads } from '../../../src/core/share/payloads';

describe('messages for shared media', () => {
  it('sends the caption first, then an image message and a file message with DingTalk\'s field names', () => {
    const payloads = mediaPayloads('  看看这个 ', [
      { kind: 'image', mediaId: '@img' },
      { kind: 'file', mediaId: '@file', fileName: '报告 final.pdf', fileType: 'pdf' },
    ]);
    assert.deepEqual(
      payloads.map((p) => (p.kind === 'appRobot' ? [p.msgKey, JSON.parse(p.msgParam)] : p.kind)),
      [
        ['sampleText', { content: '看看这个' }],
        ['sampleImageMsg', { photoURL: '@img' }],
        ['sampleFile', { mediaId: '@file', fileName: '报告 final.pdf', fileType: 'pdf' }],
      ],
    );
  });

  it('sends no text message for an empty caption', () => {
    assert.deepEqual(mediaPayloads(' ', [{ kind: 'image', mediaId: '@i' }]).map((p) => p.kind === 'appRobot' && p.msgKey), ['sampleImageMsg']);
  });
});
