/**
 * To-do (待办) API v1.0, docs/dingtalk-api.md §6. Every user id here is a **unionId** (path, operatorId,
 * creatorId, executorIds, participantIds). `sourceId` is the caller's idempotency key: creating a to-do whose
 * sourceId already exists returns the existing task instead of failing.
 */

import { AppHttp, seg } from './appHttp';
import { requireId } from './appRobot';
import { DingTalkError, isDingTalkError } from './errors';

/** 10 较低 (low), 20 普通 (normal), 30 紧急 (urgent), 40 非常紧急 (very urgent). */
export type TodoPriority = 10 | 20 | 30 | 40;

/** Named priorities. */
export const TodoPriorities = { low: 10, normal: 20, urgent: 30, veryUrgent: 40 } as const;

/** Jump URLs; fill both for the link to show in the to-do list. */
export interface TodoDetailUrl {
  appUrl?: string;
  pcUrl?: string;
}

/** Fields of a new to-do. */
export interface CreateTodoInput {
  /** Title, required, at most 1024 characters. */
  subject: string;
  /** At most 4096 characters. */
  description?: string;
  /** Due time in epoch **milliseconds**. */
  dueTime?: number;
  creatorId?: string;
  /** unionIds, at most 1000. */
  executorIds?: string[];
  /** unionIds, at most 1000. */
  participantIds?: string[];
  detailUrl?: TodoDetailUrl;
  /** Stable business id (e.g. repo:path:hash); makes create idempotent. */
  sourceId?: string;
  priority?: TodoPriority;
  isOnlyShowExecutor?: boolean;
  /** `{dingNotify: "1"}` = in-app DING pop-up. */
  notifyConfigs?: { dingNotify?: string };
}

/** Fields that can be changed. */
export interface UpdateTodoInput {
  subject?: string;
  description?: string;
  dueTime?: number;
  done?: boolean;
  executorIds?: string[];
  participantIds?: string[];
}

/** A to-do as DingTalk returns it (fields DingTalk omits are undefined). */
export interface TodoTask {
  id: string;
  subject: string;
  description?: string;
  dueTime?: number;
  done: boolean;
  executorIds: string[];
  participantIds: string[];
  creatorId?: string;
  sourceId?: string;
  priority?: number;
  detailUrl?: TodoDetailUrl;
  createdTime?: number;
  modifiedTime?: number;
  bizTag?: string;
}

/** Result of {@link TodoApi.create}. */
export interface CreateTodoResult {
  task: TodoTask;
  /** False when a task with the same sourceId already existed and was returned instead. */
  created: boolean;
}

/** A row of the to-do list. */
export interface TodoCard {
  taskId: string;
  subject: string;
  dueTime?: number;
  isDone: boolean;
  priority?: number;
  sourceId?: string;
  detailUrl?: TodoDetailUrl;
  createdTime?: number;
  modifiedTime?: number;
  creatorId?: string;
  bizTag?: string;
}

/** List filter and paging. */
export interface ListTodosQuery {
  isDone?: boolean;
  /** OR of ANDs, e.g. [["executor"],["creator"]]. */
  roleTypes?: string[][];
  /** From the previous page; omit for the first page. */
  nextToken?: string;
}

/** One page of to-dos. */
export interface TodoPage {
  todoCards: TodoCard[];
  /** Pass to the next call; undefined when there are no more pages. */
  nextToken?: string;
}

const SUBJECT_MAX = 1024;
const DESCRIPTION_MAX = 4096;
const PEOPLE_MAX = 1000;
const PRIORITIES: readonly number[] = [10, 20, 30, 40];
/** Epoch ms of 2001-09-09: anything smaller is almost certainly seconds, not milliseconds. */
const MIN_PLAUSIBLE_MS = 1e12;

type CallOptions = { signal?: AbortSignal };

/** The to-do endpoints under `/v1.0/todo/users/{unionId}`. */
export class TodoApi {
  constructor(private readonly http: AppHttp) {}

  /**
   * Creates a to-do in `unionId`'s list (`operatorId` defaults to `unionId`). With a sourceId, DingTalk's
   * `task exist` answer is turned into a lookup. A create that may have reached DingTalk (timeout, server error)
   * is never repeated blindly: with a sourceId the task is looked up first and created again only if it is not
   * there, because that DingTalk rejects a second task with the same sourceId is not documented.
   */
  async create(unionId: string, input: CreateTodoInput, options: CallOptions & { operatorId?: string } = {}): Promise<CreateTodoResult> {
    requireId(unionId, 'unionId');
    validateTodo(input, true);
    const body: Record<string, unknown> = { subject: input.subject };
    for (const key of ['description', 'dueTime', 'creatorId', 'executorIds', 'participantIds', 'detailUrl', 'sourceId', 'priority', 'isOnlyShowExecutor', 'notifyConfigs'] as const) {
      if (input[key] !== undefined) body[key] = input[key];
    }
    const post = async (): Promise<CreateTodoResult> => {
      const raw = await this.http.v1<Record<string, unknown>>({
        method: 'POST',
        path: `/v1.0/todo/users/${seg(unionId)}/tasks`,
        query: { operatorId: options.operatorId ?? unionId },
        json: body,
        operation: 'todo.create',
        idempotent: false,
        signal: options.signal,
      });
      return { task: toTask(raw), created: true };
    };
    const existing = async (): Promise<CreateTodoResult> => {
      this.http.transport.logger.info('todo.create: a task with this sourceId exists already; returning it');
      return { task: await this.getBySourceId(unionId, input.sourceId!, options), created: false };
    };
    try {
      return await post();
    } catch (err) {
      if (input.sourceId === undefined) throw err;
      if (isDingTalkError(err, 'taskExists')) return existing();
      if (!isDingTalkError(err, 'timeout') && !isDingTalkError(err, 'server')) throw err;
      this.http.transport.logger.info(`todo.create: no clear answer (${(err as DingTalkError).kind}); looking the task up by its sourceId before creating it again`);
      try {
        return { task: await this.getBySourceId(unionId, input.sourceId, options), created: true };
      } catch (lookupErr) {
        if (!isDingTalkError(lookupErr, 'taskNotFound')) throw err;
      }
      try {
        return await post();
      } catch (again) {
        if (isDingTalkError(again, 'taskExists')) return existing();
        throw again;
      }
    }
  }

  /** `GET …/tasks/{taskId}` */
  async get(unionId: string, taskId: string, options: CallOptions = {}): Promise<TodoTask> {
    const raw = await this.http.v1<Record<string, unknown>>({
      method: 'GET',
      path: `/v1.0/todo/users/${seg(requireId(unionId, 'unionId'))}/tasks/${seg(requireId(taskId, 'taskId'))}`,
      operation: 'todo.get',
      signal: options.signal,
    });
    return toTask(raw);
  }

  /** `GET …/tasks/sources/{sourceId}` */
  async getBySourceId(unionId: string, sourceId: string, options: CallOptions = {}): Promise<TodoTask> {
    const raw = await this.http.v1<Record<string, unknown>>({
      method: 'GET',
      path: `/v1.0/todo/users/${seg(requireId(unionId, 'unionId'))}/tasks/sources/${seg(requireId(sourceId, 'sourceId'))}`,
      operation: 'todo.getBySourceId',
      signal: options.signal,
    });
    return toTask(raw);
  }

  /** `PUT …/tasks/{taskId}?operatorId=` with the changed fields. */
  async update(unionId: string, taskId: string, changes: UpdateTodoInput, options: CallOptions & { operatorId?: string } = {}): Promise<boolean> {
    validateTodo(changes, false);
    const body: Record<string, unknown> = {};
    for (const key of ['subject', 'description', 'dueTime', 'done', 'executorIds', 'participantIds'] as const) {
      if (changes[key] !== undefined) body[key] = changes[key];
    }
    const raw = await this.http.v1<{ result?: unknown }>({
      method: 'PUT',
      path: `/v1.0/todo/users/${seg(requireId(unionId, 'unionId'))}/tasks/${seg(requireId(taskId, 'taskId'))}`,
      query: { operatorId: options.operatorId ?? unionId },
      json: body,
      operation: 'todo.update',
      signal: options.signal,
    });
    return raw.result === true || raw.result === 'true';
  }

  /** Marks the whole task done (or not done again). */
  markDone(unionId: string, taskId: string, done = true, options: CallOptions & { operatorId?: string } = {}): Promise<boolean> {
    return this.update(unionId, taskId, { done }, options);
  }

  /** `DELETE …/tasks/{taskId}?operatorId=` */
  async delete(unionId: string, taskId: string, options: CallOptions & { operatorId?: string } = {}): Promise<boolean> {
    const raw = await this.http.v1<{ result?: unknown }>({
      method: 'DELETE',
      path: `/v1.0/todo/users/${seg(requireId(unionId, 'unionId'))}/tasks/${seg(requireId(taskId, 'taskId'))}`,
      query: { operatorId: options.operatorId ?? unionId },
      operation: 'todo.delete',
      signal: options.signal,
    });
    return raw.result === true || raw.result === 'true';
  }

  /** One page of the user's organisation to-dos (`POST …/org/tasks/query`). */
  async list(unionId: string, query: ListTodosQuery = {}, options: CallOptions = {}): Promise<TodoPage> {
    const body: Record<string, unknown> = {};
    if (query.nextToken !== undefined) body.nextToken = query.nextToken;
    if (query.isDone !== undefined) body.isDone = query.isDone;
    if (query.roleTypes !== undefined) body.roleTypes = query.roleTypes;
    const raw = await this.http.v1<{ todoCards?: unknown; nextToken?: unknown }>({
      method: 'POST',
      path: `/v1.0/todo/users/${seg(requireId(unionId, 'unionId'))}/org/tasks/query`,
      json: body,
      operation: 'todo.list',
      idempotent: true,
      signal: options.signal,
    });
    const cards = Array.isArray(raw.todoCards) ? raw.todoCards.map((c) => toCard(c as Record<string, unknown>)) : [];
    const next = raw.nextToken;
    const nextToken = next === null || next === undefined || next === '' ? undefined : String(next);
    return { todoCards: cards, nextToken };
  }

  /** Every to-do across pages (stops if DingTalk repeats a nextToken, or after `maxPages`). */
  async listAll(unionId: string, query: Omit<ListTodosQuery, 'nextToken'> = {}, options: CallOptions & { maxPages?: number } = {}): Promise<TodoCard[]> {
    const all: TodoCard[] = [];
    const seen = new Set<string>();
    let nextToken: string | undefined;
    for (let page = 0; page < (options.maxPages ?? 100); page++) {
      const result = await this.list(unionId, { ...query, nextToken }, options);
      all.push(...result.todoCards);
      if (result.nextToken === undefined || seen.has(result.nextToken)) break;
      seen.add(result.nextToken);
      nextToken = result.nextToken;
    }
    return all;
  }
}

function invalid(parameter: string, explanation: string, remedy: string): DingTalkError {
  return new DingTalkError({ kind: 'invalidParameter', explanation, remedy, details: { parameter } });
}

function validateTodo(input: UpdateTodoInput & { priority?: number; sourceId?: string }, creating: boolean): void {
  if (creating || input.subject !== undefined) {
    if (typeof input.subject !== 'string' || input.subject.trim() === '') throw invalid('subject', 'The to-do title is empty.', 'Give the to-do a title.');
    if ([...input.subject].length > SUBJECT_MAX) {
      throw invalid('subject', `The to-do title has ${[...input.subject].length} characters; DingTalk allows ${SUBJECT_MAX}.`, 'Shorten the title.');
    }
  }
  if (input.description !== undefined && [...input.description].length > DESCRIPTION_MAX) {
    throw invalid('description', `The to-do description has ${[...input.description].length} characters; DingTalk allows ${DESCRIPTION_MAX}.`, 'Shorten the description.');
  }
  if (input.dueTime !== undefined) {
    if (!Number.isSafeInteger(input.dueTime) || input.dueTime <= 0) {
      throw invalid('dueTime', 'The due time is not a valid time.', 'Pass the due time as epoch milliseconds.');
    }
    if (input.dueTime < MIN_PLAUSIBLE_MS) {
      throw invalid('dueTime', 'The due time looks like seconds, but DingTalk expects milliseconds.', 'Multiply the due time by 1000.');
    }
  }
  if (input.priority !== undefined && !PRIORITIES.includes(input.priority)) {
    throw invalid('priority', `Priority ${input.priority} is not one of 10, 20, 30, 40.`, 'Use 10 (low), 20 (normal), 30 (urgent) or 40 (very urgent).');
  }
  for (const key of ['executorIds', 'participantIds'] as const) {
    const ids = input[key];
    if (ids !== undefined && ids.length > PEOPLE_MAX) {
      throw invalid(key, `${ids.length} ${key === 'executorIds' ? 'executors' : 'participants'}; DingTalk allows ${PEOPLE_MAX}.`, 'Assign fewer people.');
    }
  }
  if (input.sourceId !== undefined && input.sourceId.trim() === '') {
    throw invalid('sourceId', 'The sourceId is empty.', 'Omit sourceId or give it a stable value.');
  }
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function optStr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function detailUrl(value: unknown): TodoDetailUrl | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const rec = value as Record<string, unknown>;
  return { appUrl: optStr(rec.appUrl), pcUrl: optStr(rec.pcUrl) };
}

function toTask(raw: Record<string, unknown>): TodoTask {
  const id = optStr(raw.id) ?? optStr(raw.taskId);
  if (!id) throw new DingTalkError({ kind: 'unknown', dingTalkMessage: 'the to-do response has no id' });
  return {
    id,
    subject: optStr(raw.subject) ?? '',
    description: optStr(raw.description),
    dueTime: num(raw.dueTime) || undefined,
    done: raw.done === true || raw.isDone === true,
    executorIds: strings(raw.executorIds),
    participantIds: strings(raw.participantIds),
    creatorId: optStr(raw.creatorId),
    sourceId: optStr(raw.sourceId),
    priority: num(raw.priority),
    detailUrl: detailUrl(raw.detailUrl),
    createdTime: num(raw.createdTime),
    modifiedTime: num(raw.modifiedTime),
    bizTag: optStr(raw.bizTag),
  };
}

function toCard(raw: Record<string, unknown>): TodoCard {
  return {
    taskId: optStr(raw.taskId) ?? optStr(raw.id) ?? '',
    subject: optStr(raw.subject) ?? '',
    dueTime: num(raw.dueTime) || undefined,
    isDone: raw.isDone === true || raw.done === true,
    priority: num(raw.priority),
    sourceId: optStr(raw.sourceId),
    detailUrl: detailUrl(raw.detailUrl),
    createdTime: num(raw.createdTime),
    modifiedTime: num(raw.modifiedTime),
    creatorId: optStr(raw.creatorId),
    bizTag: optStr(raw.bizTag),
  };
}
