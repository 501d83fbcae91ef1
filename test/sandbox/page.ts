import { escapeHtml, isSafeHref, mediaUrl, renderImageRef, renderMarkdown } from './markdown';
import { formatChinaTime } from './platformLimits';
import type { GroupRecord, MessageContent, MessageRecord, SandboxStore, TodoRecord } from './store';
import { COMPOSER_SCRIPT, COMPOSER_STYLES, renderComposer } from './streamPage';

/**
 * The sandbox page: every group's conversation the way DingTalk shows it, and every user's
 * to-dos. Everything is server-rendered with escaping; the only script is the live-update loop
 * (Server-Sent Events → refetch /__sandbox/view), allowed by a per-response CSP nonce.
 */
export function renderPage(store: SandboxStore, nonce: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>DingTalk sandbox · ${escapeHtml(store.seed.corpName)}</title>
<style nonce="${nonce}">${STYLES}${COMPOSER_STYLES}</style>
</head>
<body>
<header class="topbar">
  <div class="brand"><span class="logo">钉</span><div><div class="brand-title">DingTalk sandbox</div><div class="brand-sub">${escapeHtml(store.seed.corpName)}</div></div></div>
  <div class="live" id="live" data-state="connecting"><span class="dot"></span><span id="live-text">connecting…</span></div>
</header>
<main id="view">${renderView(store)}</main>
<script nonce="${nonce}">${CLIENT_SCRIPT}${COMPOSER_SCRIPT}</script>
</body>
</html>`;
}

/** The part of the page that is replaced on every change. */
export function renderView(store: SandboxStore): string {
  const groups = [...store.groups.values()];
  return `<section class="chats" aria-label="Group conversations">
  <h2 class="section-title">群聊 Conversations</h2>
  <div class="chat-grid">${groups.map((g) => renderGroup(g, store)).join('')}</div>
</section>
<section class="todos" aria-label="To-dos">
  <h2 class="section-title">待办 To-dos</h2>
  ${renderTodos(store)}
</section>
<footer class="foot">sandbox time ${escapeHtml(formatChinaTime(store.clock.now()))} (China time) · ${store.todos.size} to-dos · ${store.media.size} media files</footer>`;
}

function renderGroup(group: GroupRecord, store: SandboxStore): string {
  const messages = store.visibleMessages(group.openConversationId);
  const robots = [
    ...store.seed.customRobots.filter((r) => r.groupOpenConversationId === group.openConversationId).map((r) => r.name),
    ...group.appRobotCodes.map((code) => store.appByRobotCode(code)?.robotName ?? code),
  ];
  const body = messages.length
    ? messages.map((m) => renderMessage(m, store)).join('')
    : '<div class="empty">No messages yet. Send one through /robot/send or /v1.0/robot/groupMessages/send.</div>';
  return `<article class="chat" data-group="${escapeHtml(group.openConversationId)}">
  <header class="chat-head">
    <div class="chat-avatar">${escapeHtml(initial(group.title))}</div>
    <div class="chat-meta">
      <div class="chat-title">${escapeHtml(group.title)} <span class="count">(${group.memberUserids.length})</span></div>
      <div class="chat-sub" title="openConversationId">${escapeHtml(group.openConversationId)}</div>
      <div class="chat-robots">${robots.map((r) => `<span class="robot-chip">${escapeHtml(r)}</span>`).join('')}</div>
    </div>
  </header>
  <div class="chat-body">${body}</div>
  ${renderComposer(group, store)}
</article>`;
}

function renderMessage(message: MessageRecord, store: SandboxStore): string {
  const kind = message.sender.kind === 'customRobot' ? '自定义机器人' : message.sender.kind === 'appRobot' ? '企业机器人' : '';
  // Mentions named in the content are highlighted inline; list the others (DingTalk would not highlight them).
  const unnamed = message.mentions.filter((m) => !m.inContent);
  // "@all" written in the text is highlighted there; list it below only when the text does not say it.
  const said = message.content.type === 'text' ? message.content.content : message.content.type === 'markdown' ? message.content.text : '';
  const atAllBelow = message.atAll && !said.includes('@all') && !said.includes('@所有人');
  const mentions = unnamed.length || atAllBelow
    ? `<div class="mentions">${atAllBelow ? '<span class="mention">@所有人</span>' : ''}${unnamed.map((m) => `<span class="mention soft" title="in at.${escapeHtml(m.via)} but not in the content">@${escapeHtml(m.name)}</span>`).join('')}</div>`
    : '';
  return `<div class="msg" data-message-id="${escapeHtml(message.id)}" data-msgtype="${escapeHtml(message.msgtype)}">
  <div class="msg-avatar">${escapeHtml(initial(message.sender.name))}</div>
  <div class="msg-main">
    <div class="msg-meta"><span class="sender">${escapeHtml(message.sender.name)}</span>${kind ? `<span class="badge">${kind}</span>` : ''}<time>${escapeHtml(formatChinaTime(message.createdAt).slice(5, 16))}</time></div>
    <div class="bubble bubble-${escapeHtml(message.content.type)}">${renderContent(message.content, message, store)}</div>
    ${mentions}
  </div>
</div>`;
}

/** Replaces "@13800000001" / "@zhangwei" with "@张伟", as DingTalk renders a real mention. */
function highlightMentions(html: string, message: MessageRecord, store: SandboxStore): string {
  const replacements: [string, string][] = message.mentions
    .filter((m) => m.inContent)
    .map((m) => {
      const token = m.via === 'atMobiles' ? (store.userByUserid(m.userid)?.mobile ?? m.userid) : m.userid;
      return [`@${escapeHtml(token)}`, `<span class="mention">@${escapeHtml(m.name)}</span>`];
    });
  if (message.atAll) replacements.push(['@all', '<span class="mention">@所有人</span>']);
  if (replacements.length === 0) return html;
  // Only touch text between tags, never attribute values (e.g. an href containing "@…").
  return html
    .split(/(<[^>]*>)/)
    .map((part) => (part.startsWith('<') ? part : replacements.reduce((acc, [from, to]) => acc.split(from).join(to), part)))
    .join('');
}

function link(href: string, label: string, cls = ''): string {
  if (!isSafeHref(href)) return `<span class="${cls}">${escapeHtml(label)}</span>`;
  return `<a class="${cls}" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

function renderContent(content: MessageContent, message: MessageRecord, store: SandboxStore): string {
  switch (content.type) {
    case 'text':
      return `<div class="text">${highlightMentions(escapeHtml(content.content), message, store)}</div>`;
    case 'markdown':
      // The markdown title only shows in the conversation list; the bubble shows the text.
      return `<div class="md" title="${escapeHtml(content.title)}">${highlightMentions(renderMarkdown(content.text), message, store)}</div>`;
    case 'link':
      return `<div class="card-link">${content.picUrl ? renderImageRef(content.picUrl, 'picture') : ''}<div class="card-title">${link(content.messageUrl, content.title)}</div><div class="card-text">${escapeHtml(content.text)}</div></div>`;
    case 'actionCard': {
      const buttons = content.singleTitle
        ? [{ title: content.singleTitle, url: content.singleURL ?? '' }]
        : content.buttons;
      return `<div class="card-action"><div class="card-title">${escapeHtml(content.title)}</div><div class="md">${renderMarkdown(content.text)}</div><div class="btns btns-${content.btnOrientation === '1' ? 'row' : 'col'}">${buttons
        .map((b) => link(b.url, b.title, 'btn'))
        .join('')}</div></div>`;
    }
    case 'feedCard':
      return `<ul class="feed">${content.links.map((l) => `<li>${l.picURL ? renderImageRef(l.picURL, '') : ''}${link(l.messageURL, l.title)}</li>`).join('')}</ul>`;
    case 'image':
      return content.photoURL.startsWith('@')
        ? `<img class="photo" src="${escapeHtml(mediaUrl(content.photoURL))}" alt="image">`
        : renderImageRef(content.photoURL, content.photoURL);
    case 'file': {
      const media = store.media.get(content.mediaId);
      const size = media ? ` · ${formatSize(media.size)}` : '';
      return `<a class="file" href="${escapeHtml(mediaUrl(content.mediaId))}" download="${escapeHtml(content.fileName)}"><span class="file-icon">${escapeHtml(content.fileType.toUpperCase())}</span><span class="file-name">${escapeHtml(content.fileName)}</span><span class="file-size">${escapeHtml(size)}</span></a>`;
    }
    case 'audio':
      return `<audio controls preload="none" src="${escapeHtml(mediaUrl(content.mediaId))}"></audio><div class="sub">${escapeHtml(Math.round(Number(content.duration) / 1000))}″</div>`;
    case 'video':
      return `<video controls preload="none" src="${escapeHtml(mediaUrl(content.videoMediaId))}"${content.picMediaId ? ` poster="${escapeHtml(mediaUrl(content.picMediaId))}"` : ''}></video>`;
  }
}

const PRIORITY_LABELS: Record<number, string> = { 10: '较低', 20: '普通', 30: '紧急', 40: '非常紧急' };

function renderTodos(store: SandboxStore): string {
  const tasks = [...store.todos.values()];
  if (tasks.length === 0) return '<div class="empty">No to-dos yet. Create one with POST /v1.0/todo/users/{unionId}/tasks.</div>';
  // Each user's list: the tasks they execute, or created when the task has no executors.
  const columns = store.seed.users
    .map((u) => ({ user: u, tasks: tasks.filter((t) => t.executorIds.includes(u.unionid) || (t.executorIds.length === 0 && t.creatorId === u.unionid)) }))
    .filter((c) => c.tasks.length > 0);
  return `<div class="todo-grid">${columns
    .map(
      (c) => `<div class="todo-user" data-user="${escapeHtml(c.user.unionid)}">
  <div class="todo-user-head"><span class="chat-avatar small">${escapeHtml(initial(c.user.name))}</span>${escapeHtml(c.user.name)}<span class="count">${c.tasks.filter((t) => !t.done).length} open</span></div>
  <ul class="todo-list">${c.tasks.map((t) => renderTodo(t, store)).join('')}</ul>
</div>`,
    )
    .join('')}</div>`;
}

function renderTodo(task: TodoRecord, store: SandboxStore): string {
  const nameOf = (id: string) => store.userByUnionid(id)?.name ?? id;
  const priority = task.priority ? `<span class="prio prio-${task.priority}">${escapeHtml(PRIORITY_LABELS[task.priority] ?? task.priority)}</span>` : '';
  const due = task.dueTime ? `<span class="due">截止 ${escapeHtml(formatChinaTime(task.dueTime).slice(0, 16))}</span>` : '';
  const executors = task.executorIds
    .map((id) => `<span class="person${task.executorStatus[id] ? ' done' : ''}">${escapeHtml(nameOf(id))}</span>`)
    .join('');
  return `<li class="todo${task.done ? ' is-done' : ''}" data-todo-id="${escapeHtml(task.id)}">
  <span class="check" aria-label="${task.done ? 'done' : 'open'}">${task.done ? '✓' : ''}</span>
  <div class="todo-main">
    <div class="todo-subject">${escapeHtml(task.subject)}</div>
    ${task.description ? `<div class="todo-desc">${escapeHtml(task.description)}</div>` : ''}
    <div class="todo-meta">${priority}${due}<span class="execs">执行人 ${executors || '—'}</span><span class="creator">创建 ${escapeHtml(nameOf(task.creatorId))}</span></div>
  </div>
</li>`;
}

function initial(name: string): string {
  return [...name.trim()][0]?.toUpperCase() ?? '?';
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const CLIENT_SCRIPT = `
(function () {
  var view = document.getElementById('view');
  var live = document.getElementById('live');
  var liveText = document.getElementById('live-text');
  var pending = false;
  function setState(state, text) { live.setAttribute('data-state', state); liveText.textContent = text; }
  function refresh() {
    if (pending) return;
    pending = true;
    setTimeout(function () {
      fetch('/__sandbox/view', { cache: 'no-store' }).then(function (r) { return r.text(); }).then(function (html) {
        view.innerHTML = html;
        document.querySelectorAll('.chat-body').forEach(function (el) { el.scrollTop = el.scrollHeight; });
      }).finally(function () { pending = false; });
    }, 50);
  }
  document.querySelectorAll('.chat-body').forEach(function (el) { el.scrollTop = el.scrollHeight; });
  var events = new EventSource('/__sandbox/events');
  events.addEventListener('open', function () { setState('live', 'live'); });
  events.addEventListener('change', refresh);
  events.addEventListener('error', function () { setState('down', 'reconnecting…'); });
})();
`;

const STYLES = `
:root { --blue:#1677ff; --bg:#f3f5f8; --card:#fff; --ink:#1f2329; --sub:#8f959e; --line:#e6e8eb; --bubble:#fff; --mine:#e8f1ff; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.5 -apple-system, "PingFang SC", "Microsoft YaHei", "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
.topbar { display:flex; justify-content:space-between; align-items:center; padding:10px 20px; background:var(--card); border-bottom:1px solid var(--line); position:sticky; top:0; z-index:2; }
.brand { display:flex; gap:10px; align-items:center; }
.logo { width:34px; height:34px; border-radius:9px; background:var(--blue); color:#fff; display:grid; place-items:center; font-weight:700; }
.brand-title { font-weight:600; }
.brand-sub { color:var(--sub); font-size:12px; }
.live { display:flex; gap:6px; align-items:center; color:var(--sub); font-size:12px; }
.live .dot { width:8px; height:8px; border-radius:50%; background:#c9cdd4; }
.live[data-state=live] .dot { background:#34c724; }
.live[data-state=down] .dot { background:#f54a45; }
main { padding:16px 20px 24px; display:grid; gap:20px; }
.section-title { font-size:13px; color:var(--sub); font-weight:600; margin:0 0 8px; letter-spacing:.02em; }
.chat-grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(420px, 1fr)); gap:16px; }
.chat { background:var(--card); border:1px solid var(--line); border-radius:12px; display:flex; flex-direction:column; min-height:240px; max-height:720px; overflow:hidden; }
.chat-head { display:flex; gap:10px; padding:12px 14px; border-bottom:1px solid var(--line); }
.chat-avatar { width:38px; height:38px; border-radius:10px; background:#3370ff; color:#fff; display:grid; place-items:center; font-weight:600; flex:none; }
.chat-avatar.small { width:24px; height:24px; border-radius:6px; font-size:12px; margin-right:8px; }
.chat-title { font-weight:600; }
.count { color:var(--sub); font-weight:400; margin-left:4px; font-size:12px; }
.chat-sub { color:var(--sub); font-size:11px; font-family: ui-monospace, Menlo, monospace; }
.chat-robots { margin-top:4px; display:flex; gap:6px; flex-wrap:wrap; }
.robot-chip { font-size:11px; background:#f0f4ff; color:#245bdb; border-radius:10px; padding:0 8px; }
.robot-chip::before { content:''; display:inline-block; width:6px; height:6px; border-radius:50%; background:#3370ff; margin-right:5px; vertical-align:middle; }
.chat-body { padding:12px 14px; overflow-y:auto; background:#f7f8fa; flex:1; display:flex; flex-direction:column; gap:14px; }
.empty { color:var(--sub); font-size:12px; padding:12px; text-align:center; }
.msg { display:flex; gap:8px; align-items:flex-start; }
.msg-avatar { width:32px; height:32px; border-radius:50%; background:#7a5af8; color:#fff; display:grid; place-items:center; font-size:13px; flex:none; }
.msg-main { min-width:0; max-width:calc(100% - 40px); }
.msg-meta { font-size:12px; color:var(--sub); display:flex; gap:6px; align-items:center; margin-bottom:3px; }
.msg-meta .sender { color:#51565d; }
.badge { font-size:10px; border:1px solid #d0d3d6; border-radius:4px; padding:0 4px; }
.bubble { background:var(--bubble); border:1px solid var(--line); border-radius:4px 12px 12px 12px; padding:8px 12px; overflow-wrap:anywhere; }
.bubble-image { padding:4px; }
.text { white-space:pre-wrap; }
.md :first-child { margin-top:0; } .md :last-child { margin-bottom:0; }
.md h1,.md h2,.md h3 { font-size:15px; margin:4px 0; }
.md pre, .md code { font-family: ui-monospace, Menlo, monospace; font-size:12px; background:#f2f3f5; border-radius:4px; }
.md pre { padding:8px; overflow-x:auto; }
.md blockquote { margin:4px 0; padding-left:10px; border-left:3px solid #dee0e3; color:#646a73; }
.md-img, .photo { max-width:100%; max-height:280px; border-radius:6px; display:block; }
.ext-img { display:inline-block; font-size:12px; background:#f2f3f5; border-radius:4px; padding:2px 6px; color:#646a73; }
a { color:var(--blue); text-decoration:none; }
a:hover { text-decoration:underline; }
.mention { color:var(--blue); font-weight:500; }
.mentions { margin-top:3px; display:flex; gap:6px; font-size:12px; }
.mention.soft { color:var(--sub); font-weight:400; }
.card-title { font-weight:600; margin-bottom:4px; }
.card-text { color:#646a73; font-size:13px; }
.btns { display:flex; gap:6px; margin-top:8px; border-top:1px solid var(--line); padding-top:8px; }
.btns-col { flex-direction:column; }
.btn { text-align:center; flex:1; padding:4px 8px; border-radius:6px; background:#f0f4ff; }
.feed { list-style:none; padding:0; margin:0; display:grid; gap:6px; }
.file { display:flex; align-items:center; gap:10px; color:var(--ink); }
.file-icon { width:40px; height:44px; border-radius:6px; background:#3370ff; color:#fff; font-size:10px; font-weight:700; display:grid; place-items:center; }
.file-name { font-weight:500; }
.file-size { color:var(--sub); font-size:12px; }
.sub { color:var(--sub); font-size:12px; }
.todo-grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(320px, 1fr)); gap:16px; }
.todo-user { background:var(--card); border:1px solid var(--line); border-radius:12px; padding:12px 14px; }
.todo-user-head { display:flex; align-items:center; font-weight:600; margin-bottom:8px; }
.todo-user-head .count { margin-left:auto; }
.todo-list { list-style:none; margin:0; padding:0; display:grid; gap:8px; }
.todo { display:flex; gap:10px; padding:8px; border-radius:8px; background:#f7f8fa; }
.check { width:18px; height:18px; border-radius:50%; border:2px solid #c9cdd4; flex:none; display:grid; place-items:center; font-size:11px; color:#fff; margin-top:2px; }
.todo.is-done .check { background:#34c724; border-color:#34c724; }
.todo.is-done .todo-subject { text-decoration:line-through; color:var(--sub); }
.todo-subject { font-weight:500; }
.todo-desc { color:#646a73; font-size:12px; white-space:pre-wrap; }
.todo-meta { display:flex; flex-wrap:wrap; gap:8px; font-size:12px; color:var(--sub); margin-top:4px; }
.prio { border-radius:4px; padding:0 6px; background:#eff0f1; }
.prio-30 { background:#fff1e8; color:#de7802; } .prio-40 { background:#fde2e2; color:#d83931; } .prio-10 { color:#8f959e; }
.person { color:#51565d; margin-left:4px; } .person.done { text-decoration:line-through; }
.foot { color:var(--sub); font-size:12px; text-align:center; }
`;
