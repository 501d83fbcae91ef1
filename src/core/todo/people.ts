/**
 * Assignees → DingTalk unionIds. A TODO names people by member alias (from `dingtalk.members`), mobile number or
 * DingTalk user id; the to-do API wants unionIds, found through the contacts API (mobile → userid → unionid) and
 * cached, so a person costs at most two lookups per week.
 */

import { isDingTalkError } from '../dingtalk/errors';
import { Member, normaliseMobile } from '../destinations/members';

/** A person as named in a TODO or a setting, identified but not yet looked up. */
export type Person =
  | { readonly kind: 'member'; readonly token: string; readonly member: Member }
  | { readonly kind: 'mobile'; readonly token: string; readonly mobile: string }
  | { readonly kind: 'userId'; readonly token: string; readonly userId: string };

export type PersonErrorKind =
  /** Not a member alias, a mobile number or anything that could be a user id. */
  | 'unknownPerson'
  /** Looked up, but DingTalk has no such person in the organisation. */
  | 'notInOrganisation'
  /** `@me`, or no assignee, but `dingtalk.me` is not set. */
  | 'meNotSet';

/** A person that cannot be resolved. `token` is what the TODO or setting said. */
export class PersonError extends Error {
  override readonly name = 'PersonError';
  constructor(
    readonly kind: PersonErrorKind,
    readonly token: string,
    /** The mobile number or user id that was looked up, for the message. */
    readonly lookedUp?: string,
  ) {
    super(
      kind === 'meNotSet'
        ? 'Set "dingtalk.me" to your member alias, mobile number or DingTalk user id.'
        : kind === 'unknownPerson'
          ? `"@${token}" is not in "dingtalk.members" and is not a mobile number or DingTalk user id. Add it to "dingtalk.members" (e.g. "${token}": "<mobile number>").`
          : `DingTalk has no one in the organisation for "@${token}"${lookedUp && lookedUp !== token ? ` (${lookedUp})` : ''}. Check their entry in "dingtalk.members".`,
    );
  }
}

const USER_ID = /^[A-Za-z0-9][\w.-]{0,63}$/;

/** Who `token` (with or without `@`) names; undefined for nobody recognisable. */
export function identifyPerson(token: string, members: readonly Member[]): Person | undefined {
  const name = token.trim().replace(/^@/, '');
  if (!name) return undefined;
  const member = members.find((m) => m.alias === name) ?? members.find((m) => m.alias.toLowerCase() === name.toLowerCase());
  if (member) return { kind: 'member', token: name, member };
  const mobile = normaliseMobile(name);
  if (mobile) return { kind: 'mobile', token: name, mobile };
  if (USER_ID.test(name)) return { kind: 'userId', token: name, userId: name };
  return undefined;
}

/** The subset of the directory API used here. */
export interface PeopleDirectory {
  getUserIdByMobile(mobile: string, options?: { signal?: AbortSignal }): Promise<string>;
  getUser(userid: string, options?: { signal?: AbortSignal }): Promise<{ unionid: string; name?: string }>;
}

export interface CachedPerson {
  readonly unionId: string;
  readonly userId?: string;
  readonly name?: string;
  /** When it was looked up (epoch ms). */
  readonly at: number;
}

/** Where lookups are remembered (the host keeps them in global state). */
export interface PeopleCacheStore {
  get(key: string): CachedPerson | undefined;
  set(key: string, value: CachedPerson): void;
  values(): Iterable<[string, CachedPerson]>;
}

export const PEOPLE_CACHE_TTL_MS = 7 * 24 * 3600_000;

function cacheKey(person: Person): string {
  if (person.kind === 'member') return person.member.userId ? `u:${person.member.userId}` : `m:${person.member.mobile}`;
  return person.kind === 'mobile' ? `m:${person.mobile}` : `u:${person.userId}`;
}

export class PeopleResolver {
  private readonly inFlight = new Map<string, Promise<CachedPerson>>();

  constructor(
    private readonly directory: () => Promise<PeopleDirectory>,
    private readonly store: PeopleCacheStore,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = PEOPLE_CACHE_TTL_MS,
  ) {}

  /** The person's unionId (cached). Throws {@link PersonError} naming them when DingTalk does not know them. */
  async unionIdOf(person: Person, signal?: AbortSignal): Promise<string> {
    return (await this.lookUp(person, signal)).unionId;
  }

  /** What is known about a unionId without asking DingTalk (for showing names). */
  cachedByUnionId(unionId: string): (CachedPerson & { key: string }) | undefined {
    for (const [key, value] of this.store.values()) if (value.unionId === unionId) return { ...value, key };
    return undefined;
  }

  private lookUp(person: Person, signal?: AbortSignal): Promise<CachedPerson> {
    const key = cacheKey(person);
    const cached = this.store.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) return Promise.resolve(cached);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fetch(person, key, signal).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async fetch(person: Person, key: string, signal?: AbortSignal): Promise<CachedPerson> {
    const directory = await this.directory();
    const lookedUp = key.slice(2);
    try {
      const userId = key.startsWith('u:') ? lookedUp : await directory.getUserIdByMobile(lookedUp, { signal });
      const user = await directory.getUser(userId, { signal });
      const value: CachedPerson = { unionId: user.unionid, userId, ...(user.name ? { name: user.name } : {}), at: this.now() };
      this.store.set(key, value);
      return value;
    } catch (err) {
      if (isDingTalkError(err, 'userNotFound')) throw new PersonError('notInOrganisation', person.token, lookedUp);
      throw err;
    }
  }
}
