import type { Logger } from '../host/logger';
import type { Secrets } from '../host/secrets';
import type { Settings } from '../host/settings';
import type { WhiteboardViewProvider } from '../host/whiteboardViewProvider';

/** What command handlers may use. Built once in activate(). */
export interface Services {
  readonly logger: Logger;
  readonly settings: Settings;
  readonly secrets: Secrets;
  readonly whiteboard: WhiteboardViewProvider;
}
