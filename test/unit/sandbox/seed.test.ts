import * as assert from 'assert';
import { loadSeed, validateSeed, type DemoOrg } from '../../sandbox/seed';
import { startSandbox } from '../../sandbox/server';
import { readDemoSeed, writeSeedVariant } from './helpers';

describe('sandbox: demo organisation seed', () => {
  it('loads the demo org without problems', () => {
    const seed = loadSeed();
    assert.deepStrictEqual(validateSeed(seed), []);
  });

  it('has what the brief asks for: Chinese and English names, two groups, a 加签 and a keyword robot, an app in both groups', () => {
    const seed = loadSeed();
    assert.ok(seed.users.some((u) => /[\u4e00-\u9fff]/.test(u.name)));
    assert.ok(seed.users.some((u) => /^[A-Za-z ]+$/.test(u.name)));
    assert.strictEqual(seed.groups.length, 2);
    assert.ok(seed.customRobots.some((r) => /^SEC[0-9a-f]{64}$/.test(r.security.signingSecret ?? '')));
    assert.ok(seed.customRobots.some((r) => (r.security.keywords ?? []).length > 0));
    const app = seed.apps[0];
    assert.strictEqual(app.robotCode, app.appKey);
    assert.deepStrictEqual([...app.robotInGroups].sort(), seed.groups.map((g) => g.openConversationId).sort());
    for (const u of seed.users) assert.notStrictEqual(u.userid, u.unionid);
  });

  const problemsAfter = (edit: (seed: DemoOrg) => void) => {
    const seed = readDemoSeed();
    edit(seed);
    return validateSeed(seed).join('\n');
  };

  it('catches a unionid that equals some userid', () => {
    assert.match(problemsAfter((s) => (s.users[1].unionid = s.users[0].userid)), /is both a userid and a unionid/);
  });

  it('catches a malformed signing secret and a robot with no security setting', () => {
    assert.match(problemsAfter((s) => (s.customRobots[0].security.signingSecret = 'SECshort')), /"SEC" \+ 64 hex/);
    assert.match(problemsAfter((s) => (s.customRobots[1].security = {})), /at least one of signingSecret, keywords, ipRanges/);
  });

  it('catches robotCode ≠ appKey, unknown members and non-cid conversation ids', () => {
    assert.match(problemsAfter((s) => (s.apps[0].robotCode = 'dingother')), /robotCode must equal appKey/);
    assert.match(problemsAfter((s) => s.groups[0].memberUserids.push('ghost')), /unknown userid ghost/);
    assert.match(problemsAfter((s) => (s.groups[1].openConversationId = 'chat123')), /must start with "cid"/);
  });

  it('refuses to start from an invalid seed file, naming the problem', async () => {
    const seedFile = writeSeedVariant((s) => (s.apps[0].agentId = -1));
    await assert.rejects(startSandbox({ port: 0, seedFile }), /invalid sandbox seed .*agentId must be a positive integer/s);
  });
});
