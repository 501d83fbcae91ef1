import * as assert from 'node:assert/strict';
import {
  actionCardMessage, APP_ROBOT_MSG_PARAM_LIMIT_BYTES, CUSTOM_ROBOT_BODY_LIMIT_BYTES, feedCardMessage, linkMessage,
  markdownMessage, multiButtonActionCardMessage, sampleActionCard, sampleFile, sampleImageMsg, sampleLink, sampleMarkdown,
  sampleText, serializeCustomRobotMessage, textMessage, CustomRobotMessage,
} from '../../../src/core/dingtalk/messages';
import { expectDingTalkError } from './logCapture';

const ID = 'uuid-1';

describe('dingtalk message builders', () => {
  describe('custom robot', () => {
    it('text: exact JSON, mentions in `at` and appended to the content', () => {
      const msg = textMessage('build failed', { msgUuid: ID, at: { atMobiles: ['13800000001'], atUserIds: ['user01'], isAtAll: false } });
      assert.equal(JSON.stringify(msg), JSON.stringify({
        msgtype: 'text',
        text: { content: 'build failed\n@13800000001 @user01' },
        msgUuid: ID,
        at: { atMobiles: ['13800000001'], atUserIds: ['user01'], isAtAll: false },
      }));
    });

    it('text: a mention already in the content is not repeated; no `at` without mentions', () => {
      const msg = textMessage('hi @user01', { msgUuid: ID, at: { atUserIds: ['user01', 'user01'] } });
      assert.deepEqual(msg, { msgtype: 'text', text: { content: 'hi @user01' }, msgUuid: ID, at: { atUserIds: ['user01'] } });
      assert.deepEqual(textMessage('plain', { msgUuid: ID }), { msgtype: 'text', text: { content: 'plain' }, msgUuid: ID });
      assert.deepEqual(textMessage('all', { msgUuid: ID, at: { isAtAll: true } }), { msgtype: 'text', text: { content: 'all' }, msgUuid: ID, at: { isAtAll: true } });
    });

    it('markdown: title + text, mentions appended after a blank line', () => {
      const msg = markdownMessage('Snippet', '## code', { msgUuid: ID, at: { atMobiles: ['13800000002'] } });
      assert.deepEqual(msg, {
        msgtype: 'markdown',
        markdown: { title: 'Snippet', text: '## code\n\n@13800000002' },
        msgUuid: ID,
        at: { atMobiles: ['13800000002'] },
      });
    });

    it('link: messageUrl / picUrl casing', () => {
      assert.equal(
        JSON.stringify(linkMessage({ title: 'T', text: 'X', messageUrl: 'https://a', picUrl: 'https://p' }, { msgUuid: ID })),
        '{"msgtype":"link","link":{"title":"T","text":"X","messageUrl":"https://a","picUrl":"https://p"},"msgUuid":"uuid-1"}',
      );
      assert.deepEqual(linkMessage({ title: 'T', text: 'X', messageUrl: 'https://a' }, { msgUuid: ID }).link, { title: 'T', text: 'X', messageUrl: 'https://a' });
    });

    it('actionCard (whole card): singleTitle / singleURL', () => {
      assert.equal(
        JSON.stringify(actionCardMessage({ title: 'T', text: 'md', singleTitle: 'Open', singleURL: 'https://s', btnOrientation: '0' }, { msgUuid: ID })),
        '{"msgtype":"actionCard","actionCard":{"title":"T","text":"md","singleTitle":"Open","singleURL":"https://s","btnOrientation":"0"},"msgUuid":"uuid-1"}',
      );
    });

    it('actionCard (buttons): btns[{title, actionURL}], btnOrientation "0"/"1"', () => {
      assert.equal(
        JSON.stringify(multiButtonActionCardMessage({ title: 'T', text: 'md', btns: [{ title: 'A', actionURL: 'https://a' }, { title: 'B', actionURL: 'https://b' }], btnOrientation: '1' }, { msgUuid: ID })),
        '{"msgtype":"actionCard","actionCard":{"title":"T","text":"md","btns":[{"title":"A","actionURL":"https://a"},{"title":"B","actionURL":"https://b"}],"btnOrientation":"1"},"msgUuid":"uuid-1"}',
      );
      assert.equal(multiButtonActionCardMessage({ title: 'T', text: 'md', btns: [{ title: 'A', actionURL: 'https://a' }] }).actionCard.btnOrientation, '0');
    });

    it('feedCard: links[{title, messageURL, picURL}] casing', () => {
      assert.equal(
        JSON.stringify(feedCardMessage([{ title: 'T', messageURL: 'https://m', picURL: 'https://p' }], { msgUuid: ID })),
        '{"msgtype":"feedCard","feedCard":{"links":[{"title":"T","messageURL":"https://m","picURL":"https://p"}]},"msgUuid":"uuid-1"}',
      );
    });

    it('sets a fresh msgUuid on every message unless the caller supplies one', () => {
      const a = textMessage('x');
      const b = textMessage('x');
      assert.match(a.msgUuid, /^[0-9a-f-]{36}$/);
      assert.notEqual(a.msgUuid, b.msgUuid);
      assert.equal(textMessage('x', { msgUuid: a.msgUuid }).msgUuid, a.msgUuid);
    });

    it('refuses empty fields, empty button/link lists and bad orientation', async () => {
      await expectDingTalkError(() => textMessage('  '), 'invalidParameter');
      await expectDingTalkError(() => markdownMessage('', 'x'), 'invalidParameter');
      await expectDingTalkError(() => multiButtonActionCardMessage({ title: 'T', text: 'x', btns: [] }), 'invalidParameter');
      await expectDingTalkError(() => feedCardMessage([]), 'invalidParameter');
      await expectDingTalkError(() => actionCardMessage({ title: 'T', text: 'x', singleTitle: 'a', singleURL: 'u', btnOrientation: '2' as never }), 'invalidParameter');
    });

    it('serialises to the body and refuses one over 20,000 UTF-8 bytes, saying how big it is', async () => {
      const ok = textMessage('a'.repeat(100), { msgUuid: ID });
      assert.equal(serializeCustomRobotMessage(ok), JSON.stringify(ok));
      // 7,000 CJK characters = 21,000 bytes although only 7,000 UTF-16 units.
      const big = textMessage('钉'.repeat(7000), { msgUuid: ID });
      const err = await expectDingTalkError(() => serializeCustomRobotMessage(big), 'bodyTooLarge');
      const size = Buffer.byteLength(JSON.stringify(big), 'utf8');
      assert.equal(err.details.size, size);
      assert.equal(err.details.limit, CUSTOM_ROBOT_BODY_LIMIT_BYTES);
      assert.match(err.message, new RegExp(`${size} bytes.*20000 bytes`));
      assert.equal(err.retryable, false);
    });

    it('accepts a body of exactly 20,000 bytes and refuses 20,001', async () => {
      const overhead = Buffer.byteLength(JSON.stringify(textMessage('a', { msgUuid: ID }))) - 1;
      const content = 'a'.repeat(CUSTOM_ROBOT_BODY_LIMIT_BYTES - overhead);
      const body = serializeCustomRobotMessage(textMessage(content, { msgUuid: ID }));
      assert.equal(Buffer.byteLength(body), CUSTOM_ROBOT_BODY_LIMIT_BYTES);
      await expectDingTalkError(() => serializeCustomRobotMessage(textMessage(`${content}a`, { msgUuid: ID })), 'bodyTooLarge');
    });

    it('refuses @-mentions on types that cannot mention', async () => {
      const link = { ...linkMessage({ title: 'T', text: 'X', messageUrl: 'https://a' }), at: { isAtAll: true } } as unknown as CustomRobotMessage;
      await expectDingTalkError(() => serializeCustomRobotMessage(link), 'invalidParameter');
    });
  });

  describe('app robot (msgKey + msgParam string)', () => {
    const cases: [string, ReturnType<typeof sampleText>, string, unknown][] = [
      ['sampleText', sampleText('hello'), 'sampleText', { content: 'hello' }],
      ['sampleMarkdown', sampleMarkdown('T', '## x'), 'sampleMarkdown', { title: 'T', text: '## x' }],
      ['sampleImageMsg', sampleImageMsg('@lADPmedia'), 'sampleImageMsg', { photoURL: '@lADPmedia' }],
      ['sampleFile', sampleFile({ mediaId: '@file', fileName: 'report.pdf' }), 'sampleFile', { mediaId: '@file', fileName: 'report.pdf', fileType: 'pdf' }],
      ['sampleLink', sampleLink({ title: 'T', text: 'X', messageUrl: 'https://m', picUrl: 'https://p' }), 'sampleLink', { text: 'X', title: 'T', picUrl: 'https://p', messageUrl: 'https://m' }],
      ['sampleActionCard', sampleActionCard({ title: 'T', text: 'X', singleTitle: 'Go', singleURL: 'https://s' }), 'sampleActionCard', { title: 'T', text: 'X', singleTitle: 'Go', singleURL: 'https://s' }],
    ];
    for (const [name, message, msgKey, param] of cases) {
      it(`${name}: msgKey and msgParam as a JSON string`, () => {
        assert.equal(message.msgKey, msgKey);
        assert.equal(typeof message.msgParam, 'string');
        assert.equal(message.msgParam, JSON.stringify(param));
      });
    }

    it('sampleFile keeps an explicit fileType and refuses types DingTalk does not document', async () => {
      assert.equal(JSON.parse(sampleFile({ mediaId: '@f', fileName: 'a.bin', fileType: 'zip' }).msgParam).fileType, 'zip');
      const err = await expectDingTalkError(() => sampleFile({ mediaId: '@f', fileName: 'main.ts' }), 'unsupportedFileType');
      assert.match(err.message, /main\.ts/);
      assert.match(err.remedy, /zip/);
    });

    it('refuses a msgParam over 15,000 bytes with its size and the limit', async () => {
      const err = await expectDingTalkError(() => sampleText('é'.repeat(8000)), 'bodyTooLarge');
      assert.equal(err.details.limit, APP_ROBOT_MSG_PARAM_LIMIT_BYTES);
      assert.equal(err.details.size, Buffer.byteLength(JSON.stringify({ content: 'é'.repeat(8000) })));
      assert.equal(err.details.what, 'msgParam');
    });
  });
});
