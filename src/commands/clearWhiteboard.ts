import type { Services } from './services';

/** DingTalk: Clear Whiteboard — clears the active board; Undo on the board brings everything back. */
export async function clearWhiteboard({ whiteboard, logger }: Services): Promise<void> {
  await whiteboard.clear();
  logger.info('whiteboard', 'cleared');
}
