/**
 * Due dates written in TODOs: ISO dates (`2026-12-01`, `2026/12/01`, `2026-12-01T18:00`) and relative ones
 * (`today`, `tomorrow`, `+3d`, `+2w`, `+1m`, `fri`, `friday`, `今天`, `明天`, `后天`, `+3天`, `周五`, `星期五`,
 * `下周一`). Relative dates are read against the moment the TODO is assigned. A date without a time means the
 * end of that day (23:59 local time), which is how DingTalk shows a deadline "on" a day.
 */

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T_](\d{1,2}):(\d{2}))?$/;
const OFFSET = /^\+(\d{1,3})(d|w|m|天|周|个月)$/i;
const EN_WEEKDAYS: Record<string, number> = {
  mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
};
const ZH_WEEKDAY = /^(下|本|这)?(?:周|星期|礼拜)([一二三四五六日天])$/;
const ZH_DAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const DAYS_FROM_TODAY: Record<string, number> = { today: 0, tod: 0, '今天': 0, '今日': 0, tomorrow: 1, tmr: 1, tmrw: 1, '明天': 1, '明日': 1, '后天': 2 };

/** Something meant as a date (digits in a date shape), even if invalid: worth a "bad date" message. */
export function looksLikeDate(raw: string): boolean {
  return /^\d{4}[-/.]\d/.test(raw) || /^\+\d/.test(raw);
}

/** True when {@link resolveDue} understands `raw` (independent of the current time). */
export function isDueToken(raw: string): boolean {
  return resolveDue(raw, new Date(2026, 0, 1)) !== undefined;
}

function endOfDay(year: number, monthIndex: number, day: number): number {
  return new Date(year, monthIndex, day, 23, 59, 0, 0).getTime();
}

/** ISO weekday: Monday 1 … Sunday 7. */
function isoWeekday(d: Date): number {
  return d.getDay() === 0 ? 7 : d.getDay();
}

/** Epoch milliseconds of the due time, or undefined if `raw` is not a date this syntax knows. */
export function resolveDue(raw: string, now: Date): number | undefined {
  const token = raw.trim();
  const iso = ISO.exec(token);
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    const hasTime = iso[4] !== undefined;
    const [hour, minute] = hasTime ? [Number(iso[4]), Number(iso[5])] : [23, 59];
    if (hour > 23 || minute > 59) return undefined;
    const d = new Date(year, month - 1, day, hour, minute, 0, 0);
    // Reject 2026-02-30 and the like, which Date would roll over.
    if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day) return undefined;
    return d.getTime();
  }
  const lower = token.toLowerCase();
  const y = now.getFullYear();
  const m = now.getMonth();
  const dd = now.getDate();
  if (lower in DAYS_FROM_TODAY) return endOfDay(y, m, dd + DAYS_FROM_TODAY[lower]);
  const offset = OFFSET.exec(lower);
  if (offset) {
    const n = Number(offset[1]);
    switch (offset[2]) {
      case 'd':
      case '天':
        return endOfDay(y, m, dd + n);
      case 'w':
      case '周':
        return endOfDay(y, m, dd + 7 * n);
      default: {
        // Months: clamp to the last day of the target month (Jan 31 + 1m → Feb 28/29).
        const last = new Date(y, m + n + 1, 0).getDate();
        return endOfDay(y, m + n, Math.min(dd, last));
      }
    }
  }
  const today = isoWeekday(now);
  if (lower in EN_WEEKDAYS) return endOfDay(y, m, dd + ((EN_WEEKDAYS[lower] - today + 7) % 7));
  const zh = ZH_WEEKDAY.exec(token);
  if (zh) {
    const target = ZH_DAYS[zh[2]];
    if (zh[1] === '下') return endOfDay(y, m, dd + (8 - today) + (target - 1));
    if (zh[1]) return endOfDay(y, m, dd + (target - today)); // 本周/这周: this calendar week, even if passed
    return endOfDay(y, m, dd + ((target - today + 7) % 7));
  }
  return undefined;
}

/** `2026-12-01` (local) for display and for writing a resolved date. */
export function formatDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
