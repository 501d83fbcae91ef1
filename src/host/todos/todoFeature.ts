import * as vscode from 'vscode';
import type { DingTalkService } from '../dingtalkService';
import type { Logger } from '../logger';
import type { Settings } from '../settings';
import { TodoAssigner } from './todoAssigner';
import { TodoCodeActionProvider } from './todoCodeActions';
import { TODO_DOCUMENTS, TodoCodeLensProvider } from './todoCodeLens';
import { TodoDecorations } from './todoDecorations';
import { TodoHoverProvider } from './todoHover';
import { TodoService } from './todoService';
import { SyncResult, TodoStatusSync } from './todoStatusSync';
import { TodoTreeProvider } from './todoTree';
import { TodoUriHandler } from './todoUriHandler';

/**
 * "TODO comments become DingTalk to-dos": the shared state, the view, the editor integrations (code lens, quick
 * fixes, hover, decorations), status sync and the link handler, created together and disposed together.
 */
export class TodoFeature implements vscode.Disposable {
  readonly service: TodoService;
  readonly sync: TodoStatusSync;
  readonly assigner: TodoAssigner;
  readonly tree: TodoTreeProvider;
  readonly decorations: TodoDecorations;
  readonly codeLens: TodoCodeLensProvider;
  readonly uriHandler: TodoUriHandler;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, settings: Settings, dingtalk: DingTalkService, logger: Logger) {
    this.service = new TodoService(context, settings, dingtalk, logger);
    this.sync = new TodoStatusSync(this.service);
    this.assigner = new TodoAssigner(this.service);
    this.tree = new TodoTreeProvider(this.service, this.sync);
    this.decorations = new TodoDecorations(this.service);
    this.codeLens = new TodoCodeLensProvider(this.service);
    this.uriHandler = new TodoUriHandler(this.service);
    this.subscriptions.push(
      this.service,
      this.sync,
      this.tree,
      this.decorations,
      this.codeLens,
      vscode.languages.registerCodeLensProvider(TODO_DOCUMENTS, this.codeLens),
      vscode.languages.registerCodeActionsProvider(TODO_DOCUMENTS, new TodoCodeActionProvider(this.service), TodoCodeActionProvider.metadata),
      vscode.languages.registerHoverProvider(TODO_DOCUMENTS, new TodoHoverProvider(this.service)),
      vscode.window.registerUriHandler(this.uriHandler),
    );
  }

  /** Rescans the workspace, syncs statuses from DingTalk, and redraws the view and the editors at once. */
  async refresh(): Promise<SyncResult> {
    await this.service.scanner.scan();
    const result = await this.sync.sync('refresh');
    this.tree.refreshNow();
    this.decorations.updateAll();
    return result;
  }

  dispose(): void {
    // Last in, first out: providers go before the state they read.
    this.subscriptions.splice(0).reverse().forEach((d) => d.dispose());
  }
}
