/** Public surface of the typed DingTalk client. Plain TypeScript: no `vscode` import anywhere below. */
export * from './errors';
export * from './signing';
export * from './webhookUrl';
export * from './messages';
export * from './transport';
export * from './rateLimiter';
export * from './tokenManager';
export * from './customRobotClient';
export * from './appHttp';
export * from './appRobot';
export * from './media';
export * from './todos';
export * from './directory';
export * from './groups';
export * from './appClient';
