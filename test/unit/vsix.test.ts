import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { unzipSync } from 'fflate';

const root = path.resolve(__dirname, '..', '..', '..');
const vsixPath = path.join(root, 'dist', 'vscode-dingtalk.vsix');

describe('packaged .vsix', () => {
  before(function () {
    if (!fs.existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run \`npm run package\` first (npm test does it for you).`);
  });

  it('ships only what the extension needs: under 500 KB, plus the walkthrough\'s screenshots (under 600 KB)', () => {
    const bytes = fs.readFileSync(vsixPath);
    const files = unzipSync(new Uint8Array(bytes));
    // PNGs do not compress, so their share of the .vsix is their own size.
    const images = Object.entries(files).filter(([name]) => /^extension\/docs\/images\/.+\.png$/.test(name));
    const imageBytes = images.reduce((sum, [, data]) => sum + data.length, 0);
    assert.ok(images.length > 0 && imageBytes < 600 * 1024, `${images.length} walkthrough images, ${imageBytes} bytes`);
    assert.ok(bytes.length - imageBytes < 500 * 1024, `the .vsix without them is ${bytes.length - imageBytes} bytes`);
    const entries = Object.keys(files).filter((e) => e.startsWith('extension/'));
    const forbidden = entries.filter((e) => /^extension\/(src|test|out|node_modules|\.vscode-test|bench)\/|\.map$|\.ts$|\.vsix$/.test(e));
    assert.deepStrictEqual(forbidden, [], `must not ship: ${forbidden.join(', ')}`);
    for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/webview.js', 'extension/package.nls.json', 'extension/package.nls.zh-cn.json', 'extension/l10n/bundle.l10n.zh-cn.json', 'extension/media/dingtalk.svg']) {
      assert.ok(entries.includes(required), `missing ${required}; entries: ${entries.join(', ')}`);
    }
  });

  it('ships a production bundle (minified, no source map reference)', () => {
    const files = unzipSync(new Uint8Array(fs.readFileSync(vsixPath)));
    const main = Buffer.from(files['extension/dist/extension.js']).toString('utf8');
    assert.ok(!main.includes('sourceMappingURL'), 'no source map reference');
    // Minified code is a few very long lines (template literals keep their own line breaks).
    const lines = main.split('\n');
    assert.ok(main.length / lines.length > 500, `minified (average line ${Math.round(main.length / lines.length)} characters)`);
  });
});
