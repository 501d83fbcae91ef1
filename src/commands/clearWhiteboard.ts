import type { Services } from './services';

/** DingTalk: Clear Whiteboard — clears the active board in the view, where Undo brings everything back. */
export async function clearWhiteboard({ whiteboard, logger }: Services): Promise<void> {
  await whiteboard.reveal();
  await whiteboard.clear();
  logger.info('whiteboard', 'cleared');
}
