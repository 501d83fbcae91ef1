import * as vscode from 'vscode';
import type { InboxItem } from '../core/stream/inboxEntry';
import { findMessageLinks, MessageLink } from '../core/stream/messageLinks';
import { attachmentLabel, conversationLabel, summary, timeLabel } from './inboxText';
import { LinkTarget, linkLabel } from './inboxLinks';
import type { StreamService } from './streamService';

export const INBOX_VIEW_ID = 'dingtalk.messages';

/** A row: a message, or one code location found in it (its child). */
export type InboxNode = { readonly kind: 'message'; readonly item: InboxItem } | { readonly kind: 'link'; readonly item: InboxItem; readonly link: MessageLink; readonly index: number };

/**
 * "DingTalk Messages": the mentions inbox, newest first, with the unread count as the view's badge. Clicking a
 * message opens it (and marks it read); code locations in a message are its children and open in the editor.
 */
export class InboxView implements vscode.TreeDataProvider<InboxNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<InboxNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<InboxNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly stream: StreamService) {
    this.treeView = vscode.window.createTreeView(INBOX_VIEW_ID, { treeDataProvider: this, showCollapseAll: false });
    const inboxChange = stream.inbox.onDidChange(() => this.refresh());
    this.subscriptions.push(this.changed, this.treeView, new vscode.Disposable(() => inboxChange.dispose()), stream.onDidChangeStatus(() => this.updateMessage()));
    this.refresh();
  }

  /** The unread count shown on the view (for tests). */
  get badge(): number {
    return this.treeView.badge?.value ?? 0;
  }

  getChildren(node?: InboxNode): InboxNode[] {
    if (!node) return this.stream.inbox.list().map((item) => ({ kind: 'message', item }));
    if (node.kind === 'link') return [];
    return findMessageLinks(node.item.text).map((link, index) => ({ kind: 'link', item: node.item, link, index }));
  }

  getTreeItem(node: InboxNode): vscode.TreeItem {
    return node.kind === 'message' ? this.messageItem(node.item) : linkItem(node);
  }

  private messageItem(item: InboxItem): vscode.TreeItem {
    const t = vscode.l10n.t;
    const links = findMessageLinks(item.text);
    const tree = new vscode.TreeItem(`${item.senderNick}: ${summary(item)}`, links.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    tree.id = item.id;
    tree.description = `${conversationLabel(item)} · ${timeLabel(item.createdAt)}`;
    tree.iconPath = item.read ? new vscode.ThemeIcon(iconFor(item)) : new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('notificationsInfoIcon.foreground'));
    tree.contextValue = item.read ? 'dingtalk.message' : 'dingtalk.message.unread';
    tree.accessibilityInformation = { label: `${item.read ? '' : `${t('Unread')}, `}${item.senderNick}, ${conversationLabel(item)}, ${timeLabel(item.createdAt)}: ${summary(item, 400)}` };
    tree.tooltip = tooltip(item, links);
    tree.command = { command: 'dingtalk.openMessage', title: t('Open Message'), arguments: [item.id] };
    return tree;
  }

  private refresh(): void {
    const t = vscode.l10n.t;
    const unread = this.stream.inbox.unreadCount;
    this.treeView.badge = unread > 0 ? { value: unread, tooltip: t('{0} unread mention(s)', unread) } : undefined;
    this.updateMessage();
    this.changed.fire(undefined);
  }

  private updateMessage(): void {
    const off = this.stream.status.state === 'off' && this.stream.inbox.list().length > 0;
    this.treeView.message = off ? vscode.l10n.t('The message stream is off: new mentions are not received.') : undefined;
  }

  dispose(): void {
    this.subscriptions.splice(0).forEach((d) => d.dispose());
  }
}

function iconFor(item: InboxItem): string {
  const kind = item.attachments[0]?.kind;
  if (kind === 'picture') return 'file-media';
  if (kind === 'file') return 'file';
  if (kind === 'audio') return 'mic';
  if (kind === 'video') return 'device-camera-video';
  return item.conversationType === 'direct' ? 'person' : 'mention';
}

function linkItem(node: Extract<InboxNode, { kind: 'link' }>): vscode.TreeItem {
  const target: LinkTarget = { path: node.link.path, line: node.link.line, endLine: node.link.endLine, url: node.link.url, repo: node.link.repo };
  const tree = new vscode.TreeItem(linkLabel(target), vscode.TreeItemCollapsibleState.None);
  tree.id = `${node.item.id}#${node.index}`;
  tree.iconPath = new vscode.ThemeIcon(node.link.url ? 'link' : 'go-to-file');
  tree.description = node.link.url ? node.link.repo : undefined;
  tree.tooltip = node.link.text;
  tree.command = { command: 'dingtalk.openMessageLink', title: vscode.l10n.t('Open in Editor'), arguments: [target] };
  return tree;
}

function tooltip(item: InboxItem, links: MessageLink[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.supportThemeIcons = true;
  md.appendMarkdown(`**`).appendText(item.senderNick).appendMarkdown(`** · `).appendText(`${conversationLabel(item)} · ${timeLabel(item.createdAt)}`).appendMarkdown('\n\n');
  if (item.attachments.length) md.appendText(item.attachments.map(attachmentLabel).join(' ')).appendMarkdown('\n\n');
  if (item.text) md.appendText(item.text).appendMarkdown('\n\n');
  if (links.length) md.appendMarkdown(`$(go-to-file) `).appendText(links.map((l) => linkLabel(l)).join(', '));
  return md;
}
