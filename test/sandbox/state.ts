import type { FaultInjector, ActiveFault } from './faults';
import type { GroupRecord, MediaRecord, MessageRecord, SandboxStore, TodoRecord } from './store';

export interface MessageView extends MessageRecord {
  senderName: string;
}

export interface GroupView extends GroupRecord {
  /** Names of the custom robots that post into this group. */
  customRobots: string[];
  /** Visible messages, oldest first; recalled messages are not here. */
  messages: MessageView[];
}

export interface TodoView extends TodoRecord {
  executorNames: string[];
  creatorName: string;
}

export type MediaView = Omit<MediaRecord, 'bytes'>;

export interface RobotsView {
  customRobots: { name: string; groupOpenConversationId: string; accessToken: string; signing: boolean; keywords: string[]; ipRanges: string[] }[];
  appRobots: { robotCode: string; robotName: string; appKey: string; groups: string[] }[];
}

/** What GET /__sandbox/state returns. */
export interface SandboxSnapshot {
  now: number;
  groups: GroupView[];
  todos: TodoView[];
  media: MediaView[];
  robots: RobotsView;
  faults: ActiveFault[];
}

/**
 * Read-only inspection for tests. Everything returned is a copy: changing it does not change
 * the sandbox, so tests cannot pass by editing state instead of calling the API.
 */
export interface SandboxState {
  groups(): GroupView[];
  group(openConversationId: string): GroupView | undefined;
  /** Visible messages (recalled ones gone), oldest first, optionally for one group. */
  messages(openConversationId?: string): MessageView[];
  /** Every message including recalled ones, for asserting that a recall happened. */
  allMessages(): MessageView[];
  todos(): TodoView[];
  todo(taskId: string): TodoView | undefined;
  media(): MediaView[];
  mediaBytes(mediaId: string): Buffer | undefined;
  robots(): RobotsView;
  snapshot(): SandboxSnapshot;
}

export function createStateView(store: SandboxStore, faults: FaultInjector): SandboxState {
  const nameOf = (unionId: string) => store.userByUnionid(unionId)?.name ?? unionId;
  const messageView = (m: MessageRecord): MessageView => ({ ...structuredClone(m), senderName: m.sender.name });
  const groupView = (g: GroupRecord): GroupView => ({
    ...structuredClone(g),
    customRobots: store.seed.customRobots.filter((r) => r.groupOpenConversationId === g.openConversationId).map((r) => r.name),
    messages: store.visibleMessages(g.openConversationId).map(messageView),
  });
  const todoView = (t: TodoRecord): TodoView => ({ ...structuredClone(t), executorNames: t.executorIds.map(nameOf), creatorName: nameOf(t.creatorId) });
  const mediaView = ({ bytes: _bytes, ...rest }: MediaRecord): MediaView => ({ ...rest });

  const view: SandboxState = {
    groups: () => [...store.groups.values()].map(groupView),
    group: (cid) => {
      const g = store.groups.get(cid);
      return g && groupView(g);
    },
    messages: (cid) => store.visibleMessages(cid).map(messageView),
    allMessages: () => store.messages.map(messageView),
    todos: () => [...store.todos.values()].map(todoView),
    todo: (id) => {
      const t = store.todos.get(id);
      return t && todoView(t);
    },
    media: () => [...store.media.values()].map(mediaView),
    mediaBytes: (id) => {
      const m = store.media.get(id);
      return m && Buffer.from(m.bytes);
    },
    robots: () => ({
      customRobots: store.seed.customRobots.map((r) => ({
        name: r.name,
        groupOpenConversationId: r.groupOpenConversationId,
        accessToken: r.accessToken,
        signing: Boolean(r.security.signingSecret),
        keywords: [...(r.security.keywords ?? [])],
        ipRanges: [...(r.security.ipRanges ?? [])],
      })),
      appRobots: store.seed.apps.map((a) => ({
        robotCode: a.robotCode,
        robotName: a.robotName,
        appKey: a.appKey,
        groups: [...store.groups.values()].filter((g) => g.appRobotCodes.includes(a.robotCode)).map((g) => g.openConversationId),
      })),
    }),
    snapshot: () => ({ now: store.clock.now(), groups: view.groups(), todos: view.todos(), media: view.media(), robots: view.robots(), faults: faults.list() }),
  };
  return view;
}
