import type { Services } from './services';

/** DingTalk: Show Log — reveals the extension's output channel. */
export function showLog({ logger }: Services): void {
  logger.show();
}
