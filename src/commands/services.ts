import type { DestinationStore } from '../host/destinationStore';
import type { DingTalkService } from '../host/dingtalkService';
import type { ErrorPresenter } from '../host/errorPresenter';
import type { Logger } from '../host/logger';
import type { OutboxService } from '../host/outboxService';
import type { Secrets } from '../host/secrets';
import type { Sender } from '../host/sender';
import type { Settings } from '../host/settings';
import type { StreamFeature } from '../host/streamFeature';
import type { TodoFeature } from '../host/todos/todoFeature';
import type { WhiteboardViewProvider } from '../host/whiteboardViewProvider';

/** What command handlers may use. Built once in activate(). */
export interface Services {
  readonly logger: Logger;
  readonly settings: Settings;
  readonly secrets: Secrets;
  readonly destinations: DestinationStore;
  readonly dingtalk: DingTalkService;
  readonly errors: ErrorPresenter;
  readonly sender: Sender;
  readonly outbox: OutboxService;
  readonly whiteboard: WhiteboardViewProvider;
  readonly todos: TodoFeature;
  readonly stream: StreamFeature;
}
