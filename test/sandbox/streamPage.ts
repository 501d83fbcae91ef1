import { escapeHtml } from './markdown';
import type { GroupRecord, SandboxStore } from './store';

/**
 * The page's per-group "post as a user" box. A post that @-mentions the group's app robot reaches the robot over
 * Stream Mode (streamChat.ts). The page's CSP forbids form submission (`form-action 'none'`), so the script
 * posts with fetch to /__sandbox/chat/post, the same endpoint tests use.
 */
export function renderComposer(group: GroupRecord, store: SandboxStore): string {
  const robot = group.appRobotCodes.map((code) => store.appByRobotCode(code)?.robotName).find(Boolean);
  const members = group.memberUserids.map((id) => store.userByUserid(id)).filter((u) => u !== undefined);
  const options = members.map((u) => `<option value="${escapeHtml(u.userid)}">${escapeHtml(u.name)}</option>`).join('');
  const prefill = robot ? `@${robot} ` : '';
  return `<form class="composer" data-composer="${escapeHtml(group.openConversationId)}" autocomplete="off">
  <select name="from" aria-label="Post as">${options}</select>
  <input name="text" type="text" value="${escapeHtml(prefill)}" placeholder="${escapeHtml(robot ? `@${robot} …` : 'Message')}" aria-label="Message">
  <button type="submit">发送</button>
  <span class="composer-status" role="status"></span>
</form>`;
}

/** Posts the composer; keeps what is being typed (and the focus) when the view is re-rendered after a change. */
export const COMPOSER_SCRIPT = `
(function () {
  var view = document.getElementById('view');
  var drafts = {};
  var focused = null;
  function key(el) { var f = el.closest('form.composer'); return f && f.getAttribute('data-composer'); }
  view.addEventListener('input', function (e) {
    var k = key(e.target); if (!k) return;
    var d = drafts[k] || (drafts[k] = {}); d[e.target.name] = e.target.value;
  });
  view.addEventListener('change', function (e) {
    var k = key(e.target); if (!k) return;
    var d = drafts[k] || (drafts[k] = {}); d[e.target.name] = e.target.value;
  });
  view.addEventListener('focusin', function (e) { var k = key(e.target); focused = k ? { group: k, name: e.target.name } : null; });
  new MutationObserver(function () {
    view.querySelectorAll('form.composer').forEach(function (f) {
      var d = drafts[f.getAttribute('data-composer')]; if (!d) return;
      Object.keys(d).forEach(function (n) { if (f.elements[n]) f.elements[n].value = d[n]; });
    });
    if (focused) {
      var f = view.querySelector('form.composer[data-composer="' + CSS.escape(focused.group) + '"]');
      var el = f && f.elements[focused.name];
      if (el && document.activeElement !== el) { el.focus(); if (el.setSelectionRange) el.setSelectionRange(el.value.length, el.value.length); }
    }
  }).observe(view, { childList: true });
  view.addEventListener('submit', function (e) {
    var form = e.target.closest('form.composer'); if (!form) return;
    e.preventDefault();
    var group = form.getAttribute('data-composer');
    var text = form.elements.text.value;
    var status = form.querySelector('.composer-status');
    status.textContent = '';
    fetch('/__sandbox/chat/post', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openConversationId: group, from: form.elements.from.value, text: text }) })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = res.body.message || 'failed'; return; }
        var n = res.body.deliveries.length;
        status.textContent = n ? res.body.deliveries.map(function (d) { return d.status === 'undelivered' ? 'no stream connection' : 'sent to the robot'; }).join(', ') : '';
        var prefill = form.elements.text.defaultValue;
        drafts[group] = { from: form.elements.from.value, text: prefill };
        form.elements.text.value = prefill;
      })
      .catch(function () { status.textContent = 'failed'; });
  });
})();
`;

export const COMPOSER_STYLES = `
.composer { display:flex; gap:6px; padding:8px 10px; border-top:1px solid var(--line); background:var(--card); align-items:center; flex-wrap:wrap; }
.composer select { font:inherit; font-size:12px; border:1px solid var(--line); border-radius:6px; padding:4px; background:#fff; }
.composer input { flex:1; min-width:120px; font:inherit; border:1px solid var(--line); border-radius:6px; padding:5px 8px; }
.composer button { font:inherit; border:0; border-radius:6px; padding:5px 12px; background:var(--blue); color:#fff; cursor:pointer; }
.composer-status { flex-basis:100%; color:var(--sub); font-size:11px; }
.composer-status:empty { display:none; }
`;
