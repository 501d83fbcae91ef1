/**
 * The persistent outbox (no `vscode` import anywhere below). See outbox.ts for the guarantees and store.ts for
 * the on-disk layout.
 */
export * from './events';
export * from './item';
export * from './fileNames';
export * from './policy';
export * from './backoff';
export * from './rateWindow';
export * from './lease';
export * from './sentLog';
export * from './store';
export * from './outbox';
