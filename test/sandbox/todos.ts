import { newV1RequestId, V1Error, v1Ok } from './envelopes';
import { applyPlatformLimits } from './platformLimits';
import { optionalV1JsonBody, requireV1JsonBody, type SandboxRequest } from './request';
import type { Router } from './router';
import type { SeedApp } from './seed';
import { SandboxStore, type TodoRecord } from './store';
import { authenticateV1 } from './tokens';

const PRIORITIES = [10, 20, 30, 40];
const ROLES = ['executor', 'creator', 'participant'] as const;
type Role = (typeof ROLES)[number];
/** Anything below this is a seconds timestamp (or garbage), not milliseconds. */
const MIN_MS_TIMESTAMP = 1e12;
const ORDER_FIELDS: Record<string, keyof TodoRecord> = {
  created: 'createdTime',
  modified: 'modifiedTime',
  finished: 'finishTime',
  startTime: 'startTime',
  dueTime: 'dueTime',
};

/**
 * To-do API v1.0 (/v1.0/todo/users/{unionId}/…). Every user id here is a unionId; the sandbox
 * rejects userIds (config.todoRejectUnknownIds) because mixing the two is the common bug.
 * Error codes follow the documented todo.taskCreate.* / todo.taskUpdate.* pattern; the
 * get/delete/query prefixes (todo.taskQuery, todo.taskDelete) are the sandbox's own, as they are undocumented.
 */
export function registerTodoRoutes(router: Router, store: SandboxStore): void {
  const base = '/v1.0/todo/users/:unionId';
  router.add('POST', `${base}/tasks`, (req) => createTask(req, store));
  router.add('GET', `${base}/tasks/sources/:sourceId`, (req) => getBySource(req, store));
  router.add('POST', `${base}/tasks/list`, (req) => listTasks(req, store, 'list'));
  router.add('POST', `${base}/tasks/count`, (req) => countTasks(req, store));
  router.add('POST', `${base}/org/tasks/query`, (req) => listTasks(req, store, 'org'));
  router.add('GET', `${base}/tasks/:taskId`, (req) => getTask(req, store));
  router.add('PUT', `${base}/tasks/:taskId`, (req) => updateTask(req, store));
  router.add('PUT', `${base}/tasks/:taskId/executorStatus`, (req) => updateExecutorStatus(req, store));
  router.add('DELETE', `${base}/tasks/:taskId`, (req) => deleteTask(req, store));
}

type Op = 'taskCreate' | 'taskUpdate' | 'taskDelete' | 'taskQuery';

function paramError(op: Op, message: string): V1Error {
  return new V1Error(400, `todo.${op}.paramError`, message);
}

function begin(req: SandboxRequest, store: SandboxStore, write: boolean): SeedApp {
  const { app } = authenticateV1(req, store);
  applyPlatformLimits(req, store, app, 'v1', write ? 'todo.write' : 'todo.read');
  return app;
}

/** Checks that `id` is a unionId of the org; names the mistake when it is a userId. */
function checkUnionId(store: SandboxStore, op: Op, id: unknown, what: string): string {
  if (typeof id !== 'string' || id === '') throw paramError(op, `${what} is invalid`);
  if (store.userByUnionid(id) || !store.config.todoRejectUnknownIds) return id;
  const asUser = store.userByUserid(id);
  throw paramError(op, asUser ? `${what} ${id} is a userId, not a unionId` : `${what} ${id} is not a valid unionId`);
}

function checkIdList(store: SandboxStore, op: Op, value: unknown, what: 'executors' | 'participants'): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw paramError(op, `${what} is invalid`);
  if (value.length > 1000) throw paramError(op, `${what} is oversize`);
  const ids = value.map((id) => checkUnionId(store, op, id, what === 'executors' ? 'executorId' : 'participantId'));
  return [...new Set(ids)];
}

function checkText(op: Op, value: unknown, name: 'subject' | 'description', max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw paramError(op, `${name} is invalid`);
  if ([...value].length > max) throw paramError(op, `${name} is oversize`);
  return value;
}

function checkDueTime(op: Op, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  // A seconds timestamp (10 digits) is the classic mistake; DingTalk wants milliseconds.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_MS_TIMESTAMP) throw paramError(op, 'dueTime is invalid');
  return value;
}

function operatorOf(req: SandboxRequest, store: SandboxStore, op: Op): string | undefined {
  const operatorId = req.query.get('operatorId');
  return operatorId ? checkUnionId(store, op, operatorId, 'operatorId') : undefined;
}

function pathUser(req: SandboxRequest, store: SandboxStore, op: Op): string {
  return checkUnionId(store, op, req.params.unionId, 'unionId');
}

function bizTagOf(app: SeedApp): string {
  return `todo_open_${app.appKey}`;
}

function createTask(req: SandboxRequest, store: SandboxStore) {
  const app = begin(req, store, true);
  const op: Op = 'taskCreate';
  const owner = pathUser(req, store, op);
  const operatorId = operatorOf(req, store, op);
  const body = requireV1JsonBody(req);

  const subject = checkText(op, body.subject, 'subject', 1024);
  if (!subject || subject.trim() === '') throw paramError(op, 'subject is blank');
  const description = checkText(op, body.description, 'description', 4096);
  const dueTime = checkDueTime(op, body.dueTime);
  const executorIds = checkIdList(store, op, body.executorIds, 'executors') ?? [];
  const requestedParticipants = checkIdList(store, op, body.participantIds, 'participants');
  const creatorId = body.creatorId !== undefined ? checkUnionId(store, op, body.creatorId, 'creatorId') : (operatorId ?? owner);
  let priority: number | undefined;
  if (body.priority !== undefined && body.priority !== null) {
    if (!PRIORITIES.includes(body.priority as number)) throw paramError(op, 'priority is invalid, must be one of 10, 20, 30, 40');
    priority = body.priority as number;
  }
  const sourceId = typeof body.sourceId === 'string' && body.sourceId !== '' ? body.sourceId : undefined;
  if (sourceId && store.config.todoDuplicateSourceId === 'reject') {
    const existing = [...store.todos.values()].find((t) => t.sourceId === sourceId && t.appKey === app.appKey);
    if (existing) throw paramError(op, 'task exist');
  }

  const now = store.clock.now();
  const task: TodoRecord = {
    id: SandboxStore.newTaskId(),
    subject,
    description,
    startTime: 0,
    dueTime,
    finishTime: 0,
    done: false,
    executorIds,
    // DingTalk's own example: with no participants given, the response lists creator + executors.
    participantIds: requestedParticipants ?? [...new Set([creatorId, ...executorIds])],
    executorStatus: {},
    detailUrl: readDetailUrl(body.detailUrl),
    source: bizTagOf(app),
    sourceId,
    createdTime: now,
    modifiedTime: now,
    creatorId,
    modifierId: operatorId ?? creatorId,
    bizTag: bizTagOf(app),
    isOnlyShowExecutor: body.isOnlyShowExecutor === true,
    priority,
    notifyConfigs: body.notifyConfigs && typeof body.notifyConfigs === 'object' ? (body.notifyConfigs as Record<string, unknown>) : undefined,
    todoType: typeof body.todoType === 'string' ? body.todoType : undefined,
    appKey: app.appKey,
    ownerUnionId: owner,
  };
  store.todos.set(task.id, task);
  store.changed('todos');
  return v1Ok({ ...taskView(task), requestId: newV1RequestId() });
}

function readDetailUrl(value: unknown): TodoRecord['detailUrl'] {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  return {
    appUrl: typeof v.appUrl === 'string' ? v.appUrl : undefined,
    pcUrl: typeof v.pcUrl === 'string' ? v.pcUrl : undefined,
  };
}

/** The task object as create/get return it (fact sheet §6.1), without sandbox-only fields. */
export function taskView(task: TodoRecord): Record<string, unknown> {
  return dropUndefined({
    id: task.id,
    subject: task.subject,
    description: task.description,
    startTime: task.startTime,
    dueTime: task.dueTime,
    finishTime: task.finishTime,
    done: task.done,
    executorIds: task.executorIds,
    participantIds: task.participantIds,
    detailUrl: task.detailUrl,
    source: task.source,
    sourceId: task.sourceId,
    createdTime: task.createdTime,
    modifiedTime: task.modifiedTime,
    creatorId: task.creatorId,
    modifierId: task.modifierId,
    bizTag: task.bizTag,
    isOnlyShowExecutor: task.isOnlyShowExecutor,
    priority: task.priority,
    notifyConfigs: task.notifyConfigs,
  });
}

function detailView(task: TodoRecord, store: SandboxStore): Record<string, unknown> {
  return { ...taskView(task), cardTypeId: task.todoType, tenantId: store.seed.corpId, tenantType: 'org', requestId: newV1RequestId() };
}

function dropUndefined(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

function findTask(store: SandboxStore, op: Op, taskId: string): TodoRecord {
  const task = store.todos.get(taskId);
  if (!task) throw paramError(op, 'task not exist');
  return task;
}

function getTask(req: SandboxRequest, store: SandboxStore) {
  begin(req, store, false);
  pathUser(req, store, 'taskQuery');
  return v1Ok(detailView(findTask(store, 'taskQuery', req.params.taskId), store));
}

function getBySource(req: SandboxRequest, store: SandboxStore) {
  const app = begin(req, store, false);
  pathUser(req, store, 'taskQuery');
  // sourceId is scoped to the calling app (its bizTag), like the duplicate check on create.
  const task = [...store.todos.values()].find((t) => t.sourceId === req.params.sourceId && t.appKey === app.appKey);
  if (!task) throw paramError('taskQuery', 'task not exist');
  return v1Ok(detailView(task, store));
}

function ownedTask(store: SandboxStore, app: SeedApp, op: Op, taskId: string): TodoRecord {
  const task = findTask(store, op, taskId);
  if (task.appKey !== app.appKey) throw paramError(op, 'task not belong to bizTag');
  return task;
}

function updateTask(req: SandboxRequest, store: SandboxStore) {
  const app = begin(req, store, true);
  const op: Op = 'taskUpdate';
  pathUser(req, store, op);
  const operatorId = operatorOf(req, store, op);
  const task = ownedTask(store, app, op, req.params.taskId);
  const body = requireV1JsonBody(req);

  const subject = checkText(op, body.subject, 'subject', 1024);
  if (subject !== undefined && subject.trim() === '') throw paramError(op, 'subject is blank');
  const description = checkText(op, body.description, 'description', 4096);
  const dueTime = checkDueTime(op, body.dueTime);
  const executorIds = checkIdList(store, op, body.executorIds, 'executors');
  const participantIds = checkIdList(store, op, body.participantIds, 'participants');
  if (body.done !== undefined && typeof body.done !== 'boolean') throw paramError(op, 'done is invalid');

  const now = store.clock.now();
  if (subject !== undefined) task.subject = subject;
  if (description !== undefined) task.description = description;
  if (dueTime !== undefined) task.dueTime = dueTime;
  if (executorIds !== undefined) task.executorIds = executorIds;
  if (participantIds !== undefined) task.participantIds = participantIds;
  if (typeof body.done === 'boolean') setDone(task, body.done, now);
  task.modifiedTime = now;
  task.modifierId = operatorId ?? req.params.unionId;
  store.changed('todos');
  return v1Ok({ result: true });
}

function setDone(task: TodoRecord, done: boolean, now: number): void {
  if (task.done === done) return;
  task.done = done;
  task.finishTime = done ? now : 0;
}

function updateExecutorStatus(req: SandboxRequest, store: SandboxStore) {
  const app = begin(req, store, true);
  const op: Op = 'taskUpdate';
  pathUser(req, store, op);
  const operatorId = operatorOf(req, store, op);
  const task = ownedTask(store, app, op, req.params.taskId);
  const body = requireV1JsonBody(req);
  const list = body.executorStatusList;
  if (!Array.isArray(list) || list.length === 0) throw paramError(op, 'executorStatusList is invalid');
  const updates = list.map((entry) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const id = checkUnionId(store, op, e.id, 'executorStatusList.id');
    if (!task.executorIds.includes(id)) throw paramError(op, `${id} is not an executor of the task`);
    if (typeof e.isDone !== 'boolean') throw paramError(op, 'executorStatusList.isDone is invalid');
    return { id, isDone: e.isDone };
  });
  const now = store.clock.now();
  for (const u of updates) task.executorStatus[u.id] = u.isDone;
  if (store.config.todoDoneWhenAllExecutorsDone && task.executorIds.length > 0) {
    setDone(task, task.executorIds.every((id) => task.executorStatus[id] === true), now);
  }
  task.modifiedTime = now;
  task.modifierId = operatorId ?? req.params.unionId;
  store.changed('todos');
  return v1Ok({ result: true });
}

function deleteTask(req: SandboxRequest, store: SandboxStore) {
  const app = begin(req, store, true);
  const op: Op = 'taskDelete';
  pathUser(req, store, op);
  operatorOf(req, store, op);
  const task = ownedTask(store, app, op, req.params.taskId);
  store.todos.delete(task.id);
  store.changed('todos');
  return v1Ok({ requestId: newV1RequestId(), result: true });
}

function rolesOf(task: TodoRecord, unionId: string): Set<Role> {
  const roles = new Set<Role>();
  if (task.creatorId === unionId) roles.add('creator');
  if (task.executorIds.includes(unionId)) roles.add('executor');
  if (task.participantIds.includes(unionId)) roles.add('participant');
  return roles;
}

/** roleTypes is String[][]: outer list = OR, inner list = AND. Absent = any role. */
function parseRoleTypes(value: unknown): Role[][] {
  if (value === undefined || value === null) return ROLES.map((r) => [r]);
  const valid = Array.isArray(value) && value.length > 0 && value.every((g) => Array.isArray(g) && g.length > 0 && g.every((r) => (ROLES as readonly string[]).includes(r)));
  if (!valid) throw paramError('taskQuery', 'roleTypes is invalid, expected e.g. [["executor"],["creator"]]');
  return value as Role[][];
}

interface ListFilter {
  unionId: string;
  roleTypes: Role[][];
  isDone?: boolean;
  fromDueTime?: number;
  toDueTime?: number;
}

function readFilter(body: Record<string, unknown>, unionId: string): ListFilter {
  if (body.isDone !== undefined && body.isDone !== null && typeof body.isDone !== 'boolean') throw paramError('taskQuery', 'isDone is invalid');
  const num = (v: unknown, name: string) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw paramError('taskQuery', `${name} is invalid`);
    return v;
  };
  return {
    unionId,
    roleTypes: parseRoleTypes(body.roleTypes),
    isDone: typeof body.isDone === 'boolean' ? body.isDone : undefined,
    fromDueTime: num(body.fromDueTime, 'fromDueTime'),
    toDueTime: num(body.toDueTime, 'toDueTime'),
  };
}

function matches(task: TodoRecord, f: ListFilter): boolean {
  const roles = rolesOf(task, f.unionId);
  if (!f.roleTypes.some((group) => group.every((r) => roles.has(r)))) return false;
  // isOnlyShowExecutor hides the task from everyone but its executors.
  if (task.isOnlyShowExecutor && !roles.has('executor')) return false;
  if (f.isDone !== undefined && task.done !== f.isDone) return false;
  if (f.fromDueTime !== undefined && (task.dueTime === undefined || task.dueTime < f.fromDueTime)) return false;
  if (f.toDueTime !== undefined && (task.dueTime === undefined || task.dueTime > f.toDueTime)) return false;
  return true;
}

function readOffset(nextToken: unknown): number {
  if (nextToken === undefined || nextToken === null || nextToken === '') return 0;
  const text = String(nextToken);
  if (!/^\d+$/.test(text)) throw paramError('taskQuery', 'nextToken is invalid');
  return Number(text);
}

function listTasks(req: SandboxRequest, store: SandboxStore, kind: 'org' | 'list') {
  begin(req, store, false);
  const unionId = pathUser(req, store, 'taskQuery');
  const body = optionalV1JsonBody(req);
  const filter = readFilter(body, unionId);
  let tasks = [...store.todos.values()].filter((t) => matches(t, filter));
  if (kind === 'list' && body.isRecycled === true) tasks = []; // deleted tasks are gone for good here

  // Order: list → orderBy (default dueTime) / orderDirection (default asc), tasks without the
  // field last; org query → newest first. Ties keep creation order.
  const orderBy = kind === 'list' ? String(body.orderBy ?? 'dueTime') : 'created';
  const field = ORDER_FIELDS[orderBy];
  if (!field) throw paramError('taskQuery', 'orderBy is invalid');
  const direction = kind === 'list' ? String(body.orderDirection ?? 'asc') : 'desc';
  if (direction !== 'asc' && direction !== 'desc') throw paramError('taskQuery', 'orderDirection is invalid');
  const sign = direction === 'asc' ? 1 : -1;
  tasks.sort((a, b) => {
    const x = a[field] as number | undefined;
    const y = b[field] as number | undefined;
    if (x === y) return 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return (x - y) * sign;
  });

  const offset = readOffset(body.nextToken);
  const pageSize = store.config.todoPageSize;
  const page = tasks.slice(offset, offset + pageSize);
  const nextToken = offset + pageSize < tasks.length ? String(offset + pageSize) : null;
  const todoCards = page.map((t) => cardView(t, kind, store));
  return v1Ok(kind === 'list' ? { todoCards, nextToken, totalCount: tasks.length } : { todoCards, nextToken });
}

function cardView(task: TodoRecord, kind: 'org' | 'list', store: SandboxStore): Record<string, unknown> {
  const card = dropUndefined({
    taskId: task.id,
    subject: task.subject,
    dueTime: task.dueTime,
    isDone: task.done,
    priority: task.priority,
    sourceId: task.sourceId,
    detailUrl: task.detailUrl,
    createdTime: task.createdTime,
    modifiedTime: task.modifiedTime,
    creatorId: task.creatorId,
    bizTag: task.bizTag,
    todoType: task.todoType,
  });
  if (kind === 'list') {
    card.todoStatus = task.done ? 'DONE' : 'TODO';
    card.orgInfo = { corpId: store.seed.corpId, name: store.seed.corpName };
  }
  return card;
}

function countTasks(req: SandboxRequest, store: SandboxStore) {
  begin(req, store, false);
  const unionId = pathUser(req, store, 'taskQuery');
  const body = optionalV1JsonBody(req);
  const filter = readFilter(body, unionId);
  const result = body.isRecycled === true ? 0 : [...store.todos.values()].filter((t) => matches(t, filter)).length;
  return v1Ok({ result });
}
