import * as vscode from 'vscode';

/** Named arguments, for running without prompts (tests, the summary's retry). Omitted ones are asked for. */
export interface ShareFileArgs {
  readonly uris?: readonly vscode.Uri[];
  readonly destination?: string;
  /** Sent as a text message before the files; '' for none. */
  readonly caption?: string;
  /** Answer for "some items cannot be shared — share the others?". */
  readonly shareRemaining?: boolean;
  /** Answer for a custom-robot destination: send a small text file as a code message, or open the app setup. */
  readonly customRobot?: 'codeMessage' | 'setUpApp' | 'cancel';
  /** Cancels like the progress notification's Cancel button does. */
  readonly cancellation?: vscode.CancellationToken;
}

/** What a run did; returned to callers (tests) and summarised to the user. */
export interface ShareOutcome {
  readonly destination?: string;
  /** Names of the items shared (delivered to the group). */
  readonly shared: string[];
  /** Items not shared, with the sentence the user was shown. */
  readonly failed: Array<{ readonly name: string; readonly uri: string; readonly code: string; readonly message: string }>;
  /** A limit of the whole share that stopped it before anything was read. */
  readonly batchProblem?: string;
  readonly cancelled: boolean;
  /** Outbox ids of the messages queued (caption first). */
  readonly messageIds: string[];
  /** 'codeMessage' when a custom robot got the file's content through Send Selection. */
  readonly via?: 'appRobot' | 'codeMessage';
}

function asUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  // A Uri that crossed a process boundary without being revived.
  const v = value as { scheme?: unknown; path?: unknown } | null;
  if (v && typeof v === 'object' && typeof v.scheme === 'string' && typeof v.path === 'string') return vscode.Uri.from(v as vscode.Uri);
  return undefined;
}

/**
 * VS Code calls the command with `(uri, uris[])` from the Explorer (uris is the whole multi-selection when the
 * clicked item is part of it), `(uri, { groupId… })` from an editor tab, and nothing from the palette; callers
 * may add a {@link ShareFileArgs} object.
 */
export function parseShareArgs(rawArgs: readonly unknown[]): { uris: vscode.Uri[]; args: ShareFileArgs } {
  const clicked = asUri(rawArgs[0]);
  const list = Array.isArray(rawArgs[1]) ? rawArgs[1].map(asUri).filter((u): u is vscode.Uri => u !== undefined) : [];
  const args = (rawArgs.find((a) => typeof a === 'object' && a !== null && !Array.isArray(a) && !asUri(a) && ('uris' in a || 'destination' in a || 'caption' in a || 'cancellation' in a || 'shareRemaining' in a || 'customRobot' in a)) ?? {}) as ShareFileArgs;
  const uris = list.length > 0 ? list : clicked ? [clicked] : [...(args.uris ?? [])];
  return { uris, args };
}
