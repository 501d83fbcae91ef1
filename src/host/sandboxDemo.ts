import * as fs from 'fs';
import * as vscode from 'vscode';
import type { DestinationStore } from './destinationStore';
import type { Logger } from './logger';
import type { Settings } from './settings';

/**
 * The one-command demo (`npm start`) sets DINGTALK_SANDBOX_DEMO to the JSON line the local DingTalk sandbox
 * printed. The demo destinations are then created through the same store — secrets into SecretStorage, never
 * settings — but only while every endpoint points at this machine (loopback), so the variable can never
 * send real credentials anywhere.
 */
interface DemoLine {
  readonly baseUrl: string;
  readonly demo: {
    readonly customRobots: ReadonlyArray<{ name: string; group: string; webhookUrl: string; signingSecret?: string; keywords?: string[] }>;
    readonly app: { appKey: string; appSecret: string; robotCode: string; robotName?: string };
    readonly groups: ReadonlyArray<{ title: string; openConversationId: string }>;
  };
}

const LOOPBACK = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/;

export async function importSandboxDemo(store: DestinationStore, settings: Settings, logger: Logger): Promise<number> {
  const file = process.env.DINGTALK_SANDBOX_DEMO;
  if (!file) return 0;
  const { oapiBaseUrl, apiBaseUrl } = settings.endpoints;
  if (!LOOPBACK.test(oapiBaseUrl) || !LOOPBACK.test(apiBaseUrl)) {
    logger.warn('demo', 'DINGTALK_SANDBOX_DEMO is set but the endpoints are not the local sandbox; ignoring it');
    return 0;
  }
  let line: DemoLine;
  try {
    line = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoLine;
  } catch (err) {
    logger.error('demo', `cannot read the sandbox demo file ${file}`, err);
    return 0;
  }
  let added = 0;
  for (const robot of line.demo.customRobots) {
    if (store.get(robot.group)) {
      await followSandboxPort(store, robot.group, robot.webhookUrl, logger);
      continue;
    }
    await store.saveCustomRobot(
      { kind: 'customRobot', name: robot.group, ...(robot.keywords?.length ? { keywords: robot.keywords } : {}) },
      { webhookUrl: robot.webhookUrl, ...(robot.signingSecret ? { signingSecret: robot.signingSecret } : {}) },
    );
    added++;
  }
  if (!store.app()) await store.saveApp({ appKey: line.demo.app.appKey, robotCode: line.demo.app.robotCode, robotName: line.demo.app.robotName }, line.demo.app.appSecret);
  for (const group of line.demo.groups) {
    const name = `${group.title} (${vscode.l10n.t('app')})`;
    if (store.get(name)) continue;
    await store.saveAppGroup({ kind: 'appGroup', name, openConversationId: group.openConversationId, groupTitle: group.title });
    added++;
  }
  if (!settings.defaultDestination && line.demo.customRobots[0]) await settings.setDefaultDestination(line.demo.customRobots[0].group, 'user');
  logger.info('demo', `imported ${added} sandbox demo destination(s)`);
  return added;
}

/**
 * The sandbox may listen on another port than when the demo destination was imported: move the stored webhook URL
 * to the new port, but only for the same robot (same access token) on loopback, so a user's own destination that
 * happens to have the same name is never touched.
 */
async function followSandboxPort(store: DestinationStore, name: string, webhookUrl: string, logger: Logger): Promise<void> {
  const destination = store.get(name);
  const stored = destination?.kind === 'customRobot' ? await store.customRobotCredentials(name) : undefined;
  if (!destination || destination.kind !== 'customRobot' || !stored || stored.webhookUrl === webhookUrl) return;
  try {
    const [before, after] = [new URL(stored.webhookUrl), new URL(webhookUrl)];
    if (!LOOPBACK.test(before.origin) || before.searchParams.get('access_token') !== after.searchParams.get('access_token')) return;
  } catch {
    return;
  }
  const { signed: _signed, ...rest } = destination;
  await store.saveCustomRobot(rest, { ...stored, webhookUrl });
  logger.info('demo', `"${name}": the sandbox moved to another port; webhook URL updated`);
}
