import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CommandIds } from '../../src/commands/commandIds';

const root = path.resolve(__dirname, '..', '..', '..');
const readJson = (f: string): any => JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'));

describe('manifest', () => {
  const pkg = readJson('package.json');
  const contributed: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
  // The registry (src/commands/registry.ts) is typed Record<CommandId, handler>, so the compiler ties it to CommandIds.
  const registered: string[] = Object.values(CommandIds);

  it('contributes exactly the commands the registry handles', () => {
    const notRegistered = contributed.filter((c) => !registered.includes(c));
    const notContributed = registered.filter((c) => !contributed.includes(c));
    assert.deepStrictEqual(notRegistered, [], `in package.json but not in the registry: ${notRegistered.join(', ')}`);
    assert.deepStrictEqual(notContributed, [], `in the registry but not in package.json: ${notContributed.join(', ')}`);
  });

  it('gives every command a category and a localised title', () => {
    for (const c of pkg.contributes.commands) {
      assert.match(c.title, /^%.+%$/, `${c.command} title is localised`);
      assert.match(c.category, /^%.+%$/, `${c.command} category is localised`);
    }
  });

  it('only references contributed commands from menus', () => {
    for (const [menu, items] of Object.entries(pkg.contributes.menus ?? {}) as Array<[string, Array<{ command?: string }>]>) {
      for (const item of items) {
        if (item.command) assert.ok(contributed.includes(item.command), `${menu} references unknown ${item.command}`);
      }
    }
  });

  it('pins @types/vscode to the engines.vscode minimum and infers activation events', () => {
    const engine = String(pkg.engines.vscode).replace(/^\^/, '');
    assert.strictEqual(pkg.devDependencies['@types/vscode'], engine);
    // Everything else is implied by contributions. onStartupFinished (after start-up, never delaying it): messages
    // left in the outbox must be delivered after a reload or restart; onUri: a to-do's link opens VS Code on its line.
    assert.deepStrictEqual(pkg.activationEvents, ['onStartupFinished', 'onUri']);
  });

  it('walks through the features with steps whose links, images and completion events all exist', () => {
    const [walkthrough] = pkg.contributes.walkthroughs;
    const en = readJson('package.nls.json');
    const shipped = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim());
    const views = Object.values(pkg.contributes.views as Record<string, Array<{ id: string }>>).flat().map((v) => v.id);
    assert.ok(walkthrough.steps.length >= 5);
    for (const step of walkthrough.steps) {
      const description = en[String(step.description).replace(/%/g, '')] as string;
      const links = [...description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.ok(links.length > 0, `${step.id} links to a command`);
      for (const c of links) assert.ok(contributed.includes(c), `${step.id} links to unknown ${c}`);
      const image = step.media.image as string;
      assert.ok(fs.existsSync(path.join(root, image)), `${step.id}: ${image} exists`);
      assert.ok(shipped.includes(image), `${step.id}: ${image} is packaged (.vscodeignore)`);
      assert.match(step.media.altText, /^%.+%$/, `${step.id} has a localised alt text`);
      for (const event of step.completionEvents as string[]) {
        const [kind, id] = event.split(':');
        if (kind === 'onCommand') assert.ok(contributed.includes(id), `${step.id} completes on unknown command ${id}`);
        else if (kind === 'onView') assert.ok(views.includes(id), `${step.id} completes on unknown view ${id}`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
    }
  });

  it('scopes every setting that changes where traffic goes to the machine and restricts it in untrusted workspaces', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { scope?: string }>;
    const trafficSettings = Object.keys(props).filter((k) => /baseUrl|endpoint|gateway|proxy/i.test(k));
    assert.ok(trafficSettings.length >= 2);
    for (const key of trafficSettings) {
      assert.strictEqual(props[key].scope, 'machine', `${key} must be machine-scoped`);
      assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key), `${key} must be restricted in untrusted workspaces`);
    }
  });
});

describe('localisation', () => {
  const manifestText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
  const en = readJson('package.nls.json');
  const zh = readJson('package.nls.zh-cn.json');

  it('defines every %key% of package.json in English and Simplified Chinese', () => {
    const keys = [...new Set([...manifestText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))];
    assert.ok(keys.length > 5);
    const missingEn = keys.filter((k) => typeof en[k] !== 'string' || en[k].trim() === '');
    const missingZh = keys.filter((k) => typeof zh[k] !== 'string' || zh[k].trim() === '');
    assert.deepStrictEqual(missingEn, [], `missing in package.nls.json: ${missingEn.join(', ')}`);
    assert.deepStrictEqual(missingZh, [], `missing in package.nls.zh-cn.json: ${missingZh.join(', ')}`);
  });

  it('keeps both nls files on the same keys', () => {
    assert.deepStrictEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  });

  it('translates every runtime string passed to vscode.l10n.t', () => {
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
    const used = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          const src = fs.readFileSync(p, 'utf8');
          for (const m of src.matchAll(/(?:l10n\.t|\bt)\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)) used.add(m[2].replace(/\\(['"`\\])/g, '$1'));
        }
      }
    };
    walk(path.join(root, 'src'));
    assert.ok(used.size > 3, 'found l10n.t calls');
    const missing = [...used].filter((s) => typeof bundle[s] !== 'string');
    assert.deepStrictEqual(missing, [], `missing zh-cn translations: ${JSON.stringify(missing)}`);
    const stale = Object.keys(bundle).filter((k) => !used.has(k));
    assert.deepStrictEqual(stale, [], `translations no code uses: ${JSON.stringify(stale)}`);
    for (const [k, v] of Object.entries(bundle)) {
      const placeholders = (s: string): string[] => (s.match(/\{\d+\}/g) ?? []).sort();
      assert.deepStrictEqual(placeholders(v), placeholders(k), `placeholders differ for ${JSON.stringify(k)}`);
    }
  });
});
