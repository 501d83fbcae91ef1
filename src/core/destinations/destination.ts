/**
 * Destinations: named chat targets. Only non-secret metadata lives here (it is persisted in VS Code's global
 * state); webhook URLs, signing secrets and the AppSecret live in SecretStorage, keyed by destination name.
 */

/** A group reached through a custom robot (webhook): text and markdown only. */
export interface CustomRobotDestination {
  readonly kind: 'customRobot';
  readonly name: string;
  /** Whether 加签 is on (the SEC… secret itself is in SecretStorage). */
  readonly signed: boolean;
  /** The robot's custom keywords, if it uses keyword security; one is added to messages that lack them all. */
  readonly keywords?: readonly string[];
}

/** A group reached through the enterprise app's robot (images, files, recall; cannot @-mention). */
export interface AppGroupDestination {
  readonly kind: 'appGroup';
  readonly name: string;
  readonly openConversationId: string;
  /** The group's title in DingTalk, when known (shown in pickers). */
  readonly groupTitle?: string;
}

export type Destination = CustomRobotDestination | AppGroupDestination;

/** The enterprise internal app's non-secret settings (the AppSecret is in SecretStorage). */
export interface AppConfig {
  readonly appKey: string;
  /** The app robot's code; DingTalk uses the AppKey for internal apps' robots. */
  readonly robotCode: string;
  readonly robotName?: string;
}

export const MAX_DESTINATION_NAME_LENGTH = 40;

/** Why a proposed destination name is not acceptable, or undefined when it is. */
export type NameProblem = 'empty' | 'tooLong' | 'duplicate' | 'invalidCharacters';

export function checkDestinationName(name: string, existing: readonly Destination[], editing?: string): NameProblem | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'empty';
  if (trimmed.length > MAX_DESTINATION_NAME_LENGTH) return 'tooLong';
  // Control characters would be invisible in pickers and the status bar.
  if (/\p{Cc}/u.test(trimmed)) return 'invalidCharacters';
  const lower = trimmed.toLocaleLowerCase();
  if (existing.some((d) => d.name.toLocaleLowerCase() === lower && d.name !== editing)) return 'duplicate';
  return undefined;
}

/** Validates keywords typed as a comma/space separated list (DingTalk allows up to 10). */
export function parseKeywords(input: string): string[] {
  return [...new Set(input.split(/[,，、\s]+/).map((k) => k.trim()).filter(Boolean))].slice(0, 10);
}

/** Reads persisted destinations defensively: anything malformed is dropped, never trusted. */
export function parseDestinations(raw: unknown): Destination[] {
  if (!Array.isArray(raw)) return [];
  const out: Destination[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const d = item as Record<string, unknown>;
    if (typeof d.name !== 'string' || d.name.trim() === '') continue;
    if (out.some((o) => o.name === d.name)) continue;
    if (d.kind === 'customRobot') {
      const keywords = Array.isArray(d.keywords) ? d.keywords.filter((k): k is string => typeof k === 'string' && k !== '') : undefined;
      out.push({ kind: 'customRobot', name: d.name, signed: d.signed === true, ...(keywords && keywords.length ? { keywords } : {}) });
    } else if (d.kind === 'appGroup' && typeof d.openConversationId === 'string' && d.openConversationId !== '') {
      out.push({
        kind: 'appGroup',
        name: d.name,
        openConversationId: d.openConversationId,
        ...(typeof d.groupTitle === 'string' ? { groupTitle: d.groupTitle } : {}),
      });
    }
  }
  return out;
}

export function parseAppConfig(raw: unknown): AppConfig | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const a = raw as Record<string, unknown>;
  if (typeof a.appKey !== 'string' || a.appKey === '' || typeof a.robotCode !== 'string' || a.robotCode === '') return undefined;
  return { appKey: a.appKey, robotCode: a.robotCode, ...(typeof a.robotName === 'string' ? { robotName: a.robotName } : {}) };
}

/**
 * Ensures a custom-robot message will pass keyword security: returns the keyword to add, or undefined when the
 * text already contains one (or the robot uses no keywords).
 */
export function missingKeyword(destination: Destination, text: string): string | undefined {
  if (destination.kind !== 'customRobot' || !destination.keywords || destination.keywords.length === 0) return undefined;
  return destination.keywords.some((k) => text.includes(k)) ? undefined : destination.keywords[0];
}
