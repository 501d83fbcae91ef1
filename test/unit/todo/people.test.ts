import * as assert from 'node:assert/strict';
import { DingTalkAppClient } from '../../../src/core/dingtalk/appClient';
import { DingTalkError } from '../../../src/core/dingtalk/errors';
import { parseMembers } from '../../../src/core/destinations/members';
import { CachedPerson, identifyPerson, PeopleCacheStore, PeopleDirectory, PeopleResolver, PersonError } from '../../../src/core/todo/people';
import { Sandbox, startSandbox } from '../../sandbox/server';

class MapStore implements PeopleCacheStore {
  readonly map = new Map<string, CachedPerson>();
  get(key: string) {
    return this.map.get(key);
  }
  set(key: string, value: CachedPerson) {
    this.map.set(key, value);
  }
  values() {
    return this.map.entries();
  }
}

const members = parseMembers({ alice: { mobile: '13800000004', userId: 'alice.chen' }, lina: '13800000002', bob: 'bob.smith', 张伟: '13800000001' });

describe('todo people', () => {
  it('identifies aliases, mobile numbers and user ids', () => {
    assert.deepEqual(identifyPerson('@alice', members), { kind: 'member', token: 'alice', member: members[0] });
    assert.equal(identifyPerson('张伟', members)?.kind, 'member');
    assert.equal(identifyPerson('ALICE', members)?.kind, 'member');
    assert.deepEqual(identifyPerson('+86 138-0000-0009', members), { kind: 'mobile', token: '+86 138-0000-0009', mobile: '13800000009' });
    assert.deepEqual(identifyPerson('manager4220', members), { kind: 'userId', token: 'manager4220', userId: 'manager4220' });
    assert.equal(identifyPerson('王芳', members), undefined, 'a name that is no alias, mobile or id');
    assert.equal(identifyPerson('@', members), undefined);
  });

  it('looks people up once (userid first, else mobile → userid) and caches them', async () => {
    const calls: string[] = [];
    const directory: PeopleDirectory = {
      getUserIdByMobile: async (m) => (calls.push(`mobile ${m}`), m === '13800000002' ? 'lina' : Promise.reject(new DingTalkError({ kind: 'userNotFound' }))),
      getUser: async (u) => (calls.push(`user ${u}`), { unionid: `union-${u}`, name: u }),
    };
    const store = new MapStore();
    let now = 1_000_000;
    const resolver = new PeopleResolver(async () => directory, store, () => now);
    const alice = identifyPerson('alice', members)!;
    const lina = identifyPerson('lina', members)!;
    const [a1, a2] = await Promise.all([resolver.unionIdOf(alice), resolver.unionIdOf(alice)]);
    assert.deepEqual([a1, a2], ['union-alice.chen', 'union-alice.chen']);
    assert.equal(await resolver.unionIdOf(lina), 'union-lina');
    assert.equal(await resolver.unionIdOf(lina), 'union-lina');
    assert.deepEqual(calls, ['user alice.chen', 'mobile 13800000002', 'user lina'], 'concurrent and repeated lookups share one request');
    assert.equal(resolver.cachedByUnionId('union-lina')?.key, 'm:13800000002');
    now += 8 * 24 * 3600_000; // past the week
    await resolver.unionIdOf(lina);
    assert.equal(calls.length, 5, 'looked up again after a week');
  });

  it('names the person DingTalk does not know', async () => {
    const directory: PeopleDirectory = {
      getUserIdByMobile: async () => Promise.reject(new DingTalkError({ kind: 'userNotFound', code: '60121' })),
      getUser: async () => ({ unionid: 'x' }),
    };
    const resolver = new PeopleResolver(async () => directory, new MapStore());
    await assert.rejects(resolver.unionIdOf(identifyPerson('13900000000', members)!), (err: unknown) => {
      assert.ok(err instanceof PersonError);
      assert.equal(err.kind, 'notInOrganisation');
      assert.match(err.message, /@13900000000/);
      return true;
    });
  });

  it('resolves the demo organisation through the real client against the sandbox (mobile → userid → unionid)', async function () {
    this.timeout(20_000);
    let sandbox: Sandbox | undefined;
    try {
      sandbox = await startSandbox({ port: 0 });
      const app = new DingTalkAppClient({
        credentials: { appKey: sandbox.demo.app.appKey, appSecret: sandbox.demo.app.appSecret },
        apiBaseUrl: sandbox.baseUrl,
        oapiBaseUrl: sandbox.baseUrl,
      });
      const resolver = new PeopleResolver(async () => app.directory, new MapStore());
      const [zhang, alice] = [sandbox.demo.users[0], sandbox.demo.users.find((u) => u.userid === 'alice.chen')!];
      assert.equal(await resolver.unionIdOf(identifyPerson(zhang.mobile, [])!), zhang.unionid);
      assert.equal(await resolver.unionIdOf(identifyPerson('alice', members)!), alice.unionid);
      await assert.rejects(resolver.unionIdOf(identifyPerson('nobody.here', [])!), (err: unknown) => err instanceof PersonError && err.token === 'nobody.here');
    } finally {
      await sandbox?.close();
    }
  });
});
