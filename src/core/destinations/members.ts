/**
 * Team members as configured in `dingtalk.members`: alias → mobile number or DingTalk user id. Used for
 * @mentions, group creation and to-do assignees.
 */
export interface Member {
  readonly alias: string;
  readonly mobile?: string;
  readonly userId?: string;
}

/** Mainland mobile numbers, optionally with +86 / 86 and separators; other countries as +<digits>. */
const MOBILE = /^\+?(?:86[- ]?)?1[3-9]\d(?:[- ]?\d){8}$|^\+\d[\d -]{6,18}\d$/;

export function normaliseMobile(value: string): string | undefined {
  const v = value.trim();
  if (!MOBILE.test(v)) return undefined;
  const digits = v.replace(/[^\d+]/g, '');
  return digits.replace(/^\+?86(?=1[3-9]\d{9}$)/, '');
}

/** Reads the setting defensively: values may be a mobile, a user id, or `{ mobile, userId }`. */
export function parseMembers(raw: unknown): Member[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const out: Member[] = [];
  for (const [alias, value] of Object.entries(raw as Record<string, unknown>)) {
    const name = alias.trim().replace(/^@/, '');
    if (!name) continue;
    if (typeof value === 'string') {
      const mobile = normaliseMobile(value);
      if (mobile) out.push({ alias: name, mobile });
      else if (/^[\w.-]{1,64}$/.test(value.trim())) out.push({ alias: name, userId: value.trim() });
    } else if (typeof value === 'object' && value !== null) {
      const v = value as Record<string, unknown>;
      const mobile = typeof v.mobile === 'string' ? normaliseMobile(v.mobile) : undefined;
      const userId = typeof v.userId === 'string' && v.userId.trim() ? v.userId.trim() : undefined;
      if (mobile || userId) out.push({ alias: name, ...(mobile ? { mobile } : {}), ...(userId ? { userId } : {}) });
    }
  }
  return out;
}
