import type { Services } from './services';

/** DingTalk: Mark All Messages as Read — in every window (read marks live in the shared inbox folder). */
export async function markInboxRead(services: Services): Promise<void> {
  await services.stream.service.inbox.markAllRead();
}
