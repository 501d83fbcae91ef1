import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { contentBounds, exportFrame } from '../../src/shared/board/bounds';
import { serializeBoard } from '../../src/shared/board/serialize';
import { Shape, normalizeShape } from '../../src/shared/board/shapes';
import { EXPORT_MARGIN } from '../../src/shared/board/style';
import { decodePng } from '../e2e/whiteboardPng';
import { Sandbox } from '../sandbox/server';
import { activateExtension, withTimeout } from './helpers';
import { addSignedRobot, selectLines, useSandboxForSuite, workspaceRoot } from './sandboxFixture';
import { addAppGroup, until } from './shareFixture';

const RED = [0xe0, 0x31, 0x31];

/** A small known board: a red stroke, a box and Chinese text. */
const BOARD: Shape[] = [
  normalizeShape({ id: 'stroke', type: 'pen', color: '#e03131', width: 8, points: [40, 40, 120, 60, 200, 40] }),
  normalizeShape({ id: 'box', type: 'rect', color: 'ink', width: 2, x: 60, y: 90, w: 140, h: 60 }),
  normalizeShape({ id: 'words', type: 'text', color: 'ink', x: 70, y: 100, w: 80, h: 28.6, size: 22, font: 'sans', text: '登录 login' }),
];

function near(pixel: number[], rgb: number[], tolerance = 24): boolean {
  return rgb.every((c, i) => Math.abs(pixel[i] - c) <= tolerance);
}

describe('whiteboard in the extension host', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  useSandboxForSuite((s) => (sandbox = s));
  beforeEach(async () => {
    const api = await activateExtension();
    await api.whiteboard.reveal();
    const board = api.whiteboard.store.create('Integration', BOARD);
    await api.whiteboard.show(board.id);
  });

  it('pushes the board as a 2× PNG cropped to the content, then the caption, and recalls both', async () => {
    const api = await activateExtension();
    const cid = await addAppGroup(sandbox, 'wb-app');
    await vscode.commands.executeCommand('dingtalk.sendWhiteboard', { destination: 'wb-app', caption: '看这里 see here' });
    const messages = sandbox.state.messages(cid);
    assert.deepStrictEqual(messages.map((m) => m.msgtype), ['sampleImageMsg', 'sampleText']);
    const image = messages[0].content as { type: 'image'; photoURL: string };
    assert.deepStrictEqual(messages[1].content, { type: 'text', content: '看这里 see here' });
    const bytes = sandbox.state.mediaBytes(image.photoURL);
    assert.ok(bytes, `the photoURL ${image.photoURL} is an uploaded media id`);
    const png = decodePng(bytes);
    const frame = exportFrame(contentBounds(BOARD)!, EXPORT_MARGIN);
    assert.deepStrictEqual([png.width, png.height], [frame.w * 2, frame.h * 2]);
    // The middle of the red stroke, in image pixels, is red; the corner is the white export paper.
    assert.ok(near(png.pixel((120 - frame.x) * 2, (50 - frame.y) * 2), RED), `stroke pixel ${png.pixel((120 - frame.x) * 2, (50 - frame.y) * 2)}`);
    assert.deepStrictEqual(png.pixel(1, 1), [255, 255, 255, 255]);
    assert.strictEqual(api.whiteboard.pushes.last?.processQueryKeys.length, 2);

    assert.strictEqual(await vscode.commands.executeCommand('dingtalk.recallWhiteboardPush'), true);
    assert.deepStrictEqual(sandbox.state.messages(cid), [], 'the image and its caption are gone from the group');
    assert.strictEqual(sandbox.state.allMessages().filter((m) => m.openConversationId === cid && m.recalledAt).length, 2);
    assert.strictEqual(api.whiteboard.pushes.last, undefined);
    assert.strictEqual(await vscode.commands.executeCommand('dingtalk.recallWhiteboardPush'), false, 'nothing left to recall');
  });

  it('sends nothing through a custom robot (it cannot carry images)', async () => {
    await addSignedRobot(sandbox, 'webhook-only');
    await vscode.commands.executeCommand('dingtalk.sendWhiteboard', { destination: 'webhook-only', caption: '' });
    assert.deepStrictEqual(sandbox.state.allMessages(), []);
    assert.deepStrictEqual(sandbox.state.media(), []);
  });

  it('exports PNG and SVG files of the board', async () => {
    const png = vscode.Uri.file(path.join(workspaceRoot(), 'out', 'sketch.png'));
    const svg = vscode.Uri.file(path.join(workspaceRoot(), 'out', 'sketch.svg'));
    await vscode.commands.executeCommand('dingtalk.exportWhiteboardPng', { uri: png });
    await vscode.commands.executeCommand('dingtalk.exportWhiteboardSvg', { uri: svg });
    const frame = exportFrame(contentBounds(BOARD)!, EXPORT_MARGIN);
    const image = decodePng(fs.readFileSync(png.fsPath));
    assert.deepStrictEqual([image.width, image.height], [frame.w * 2, frame.h * 2]);
    const text = fs.readFileSync(svg.fsPath, 'utf8');
    assert.ok(text.startsWith(`<svg xmlns="http://www.w3.org/2000/svg" width="${frame.w}" height="${frame.h}"`), text.slice(0, 120));
    assert.ok(text.includes('登录 login') && text.includes('stroke="#e03131"'));
  });

  it('opens a .dtboard file without writing it or counting it as changed, and saves only real changes', async () => {
    const api = await activateExtension();
    const file = path.join(workspaceRoot(), 'docs', 'design.dtboard');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, serializeBoard(BOARD));
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(file, past, past);
    const untouched = fs.statSync(file).mtimeMs;
    const uri = vscode.Uri.file(file);
    const id = await vscode.commands.executeCommand<string>('dingtalk.openWhiteboardFile', uri);
    const board = api.whiteboard.store.get(id!);
    assert.strictEqual(board?.name, 'design');
    assert.strictEqual(api.whiteboard.store.active().id, id);
    assert.deepStrictEqual(api.whiteboard.store.entry(id!).doc.all(), BOARD);
    assert.strictEqual(api.whiteboard.store.differsFromFile(id!), false, 'opening is not a change');
    await vscode.commands.executeCommand('dingtalk.saveWhiteboardFile');
    assert.strictEqual(fs.statSync(file).mtimeMs, untouched, 'neither opening nor saving an unchanged board writes the file');

    await api.whiteboard.addText('新的一行 new line', 'sans');
    assert.strictEqual(api.whiteboard.shapeCount, BOARD.length + 1);
    await until(() => api.whiteboard.store.differsFromFile(id!), 'the board to differ from its file');
    await vscode.commands.executeCommand('dingtalk.saveWhiteboardFile');
    const saved = fs.readFileSync(file, 'utf8');
    assert.strictEqual(saved, api.whiteboard.store.serialize(id!));
    assert.strictEqual(saved.split('\n').filter((l) => l.includes('"type":"text"')).length, 2, 'one line per shape');
    assert.ok(saved.includes('新的一行 new line'));
  });

  it('adds the editor selection as a code block headed by its file and lines', async () => {
    const api = await activateExtension();
    await selectLines('src/hello.ts', 2, 4);
    await vscode.commands.executeCommand('dingtalk.addSelectionToWhiteboard');
    const shapes = api.whiteboard.store.entry(api.whiteboard.store.active().id).doc.all();
    const code = shapes[shapes.length - 1];
    assert.ok(code.type === 'text' && code.font === 'mono', JSON.stringify(code));
    assert.ok(code.text.startsWith('src/hello.ts:2-4\nexport function greet'), code.text);
    assert.ok(code.w > 100 && code.h > 40, 'measured in the page');
  });

  it('clears through the page (undoable there) and keeps the host copy in step', async () => {
    const api = await activateExtension();
    await withTimeout(api.whiteboard.clear(), 10_000, 'clear');
    assert.strictEqual(api.whiteboard.shapeCount, 0);
    const result = await api.whiteboard.render('png');
    assert.deepStrictEqual(result, { ok: false, reason: 'empty' });
  });
});
