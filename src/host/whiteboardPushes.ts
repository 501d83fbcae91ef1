import type { BoardMemento } from './whiteboardStore';

/** The last whiteboard image sent to a chat: what recalling it needs (the app robot's group recall). */
export interface LastPush {
  readonly destination: string;
  readonly openConversationId: string;
  readonly robotCode: string;
  /** The image message first, then the caption's, if one was sent. */
  readonly processQueryKeys: readonly string[];
  readonly sentAt: number;
}

const LAST_PUSH_KEY = 'dingtalk.whiteboard.lastPush';
const LAST_DESTINATION_KEY = 'dingtalk.whiteboard.lastDestination';

/** What this workspace remembers about whiteboard pushes (workspace state). */
export class WhiteboardPushes {
  constructor(private readonly memento: BoardMemento) {}

  get last(): LastPush | undefined {
    const raw = this.memento.get<unknown>(LAST_PUSH_KEY);
    if (typeof raw !== 'object' || raw === null) return undefined;
    const r = raw as Record<string, unknown>;
    const keys = Array.isArray(r.processQueryKeys) ? r.processQueryKeys.filter((k): k is string => typeof k === 'string' && k !== '') : [];
    if (typeof r.destination !== 'string' || typeof r.openConversationId !== 'string' || typeof r.robotCode !== 'string' || keys.length === 0) return undefined;
    return { destination: r.destination, openConversationId: r.openConversationId, robotCode: r.robotCode, processQueryKeys: keys, sentAt: typeof r.sentAt === 'number' ? r.sentAt : 0 };
  }

  async record(push: LastPush): Promise<void> {
    await this.memento.update(LAST_PUSH_KEY, push);
    await this.memento.update(LAST_DESTINATION_KEY, push.destination);
  }

  async forget(): Promise<void> {
    await this.memento.update(LAST_PUSH_KEY, undefined);
  }

  /** The chat the last whiteboard went to (the next push goes there without asking). */
  get lastDestination(): string | undefined {
    const v = this.memento.get<unknown>(LAST_DESTINATION_KEY);
    return typeof v === 'string' && v ? v : undefined;
  }
}
