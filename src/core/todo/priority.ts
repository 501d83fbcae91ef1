/**
 * Priorities written in TODOs → DingTalk's to-do priority: P0 40 (非常紧急, very urgent), P1 30 (紧急, urgent),
 * P2 20 (普通, normal), P3 10 (较低, low). `!urgent` is DingTalk's 紧急 (30); `!critical` is 40.
 */

import type { TodoPriority } from '../dingtalk/todos';

const WORDS: Record<string, TodoPriority> = {
  p0: 40, p1: 30, p2: 20, p3: 10,
  critical: 40, blocker: 40, highest: 40, veryurgent: 40, '非常紧急': 40,
  urgent: 30, high: 30, '紧急': 30, '高': 30,
  normal: 20, medium: 20, '普通': 20, '中': 20,
  low: 10, lowest: 10, '较低': 10, '低': 10,
};

/** `P1`, `p1`, `urgent`, `紧急`… (without the `!`); undefined if not a priority. */
export function parsePriority(word: string): TodoPriority | undefined {
  if (word === '!') return 40; // `!!` written as a priority
  return WORDS[word.toLowerCase()];
}

/** The label the syntax uses for a DingTalk priority (for display). */
export function priorityLabel(priority: number | undefined): string | undefined {
  switch (priority) {
    case 40:
      return 'P0';
    case 30:
      return 'P1';
    case 20:
      return 'P2';
    case 10:
      return 'P3';
    default:
      return undefined;
  }
}
