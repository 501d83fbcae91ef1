/** Public surface of "Send Selection": remote parsing, permalinks, message composition, size planning, secret guard. */
export * from './remoteUrl';
export * from './permalink';
export * from './codeMessage';
export * from './sizePlan';
export * from './secretGuard';
