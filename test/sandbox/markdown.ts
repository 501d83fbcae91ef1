import { Marked, type Tokens } from 'marked';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only web links are clickable; javascript:, data: and friends are rendered as plain text. */
export function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|mailto:|dingtalk:\/\/)/i.test(href.trim());
}

/** URL of an uploaded media id on the sandbox itself. */
export function mediaUrl(mediaId: string): string {
  return `/__sandbox/media/${encodeURIComponent(mediaId)}`;
}

/**
 * Image reference as the page shows it. Media ids load from the sandbox; http(s) images are shown
 * as a link rather than loaded, because the sandbox page must not reach the internet.
 */
export function renderImageRef(src: string, alt: string): string {
  if (src.startsWith('@')) return `<img class="md-img" src="${escapeHtml(mediaUrl(src))}" alt="${escapeHtml(alt)}">`;
  if (/^https?:\/\//i.test(src)) {
    return `<a class="ext-img" href="${escapeHtml(src)}" target="_blank" rel="noopener noreferrer" title="external image, not loaded">[图片] ${escapeHtml(alt || src)}</a>`;
  }
  return `<span class="ext-img">[图片] ${escapeHtml(alt || src)}</span>`;
}

// Raw HTML in messages is shown as text (DingTalk does not render it either), links are filtered.
// HTML is switched off in the tokenizer, not just the renderer: after an inline <script> tag
// marked treats the following text as a raw block and would emit it unescaped.
const marked = new Marked({
  gfm: true,
  breaks: true,
  tokenizer: {
    html: () => undefined,
    tag: () => undefined,
  },
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(token: Tokens.Link) {
      const inner = this.parser.parseInline(token.tokens);
      if (!isSafeHref(token.href)) return inner;
      return `<a href="${escapeHtml(token.href)}" target="_blank" rel="noopener noreferrer">${inner}</a>`;
    },
    image(token: Tokens.Image) {
      return renderImageRef(token.href, token.text);
    },
  },
});

/** DingTalk-flavoured markdown → HTML that is safe to insert into the page. */
export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
}
