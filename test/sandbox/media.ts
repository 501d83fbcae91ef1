import busboy from 'busboy';
import { Readable } from 'stream';
import { json, OapiError, oapiOk, type SandboxResponse } from './envelopes';
import { applyPlatformLimits } from './platformLimits';
import { contentType, type SandboxRequest } from './request';
import type { Router } from './router';
import { SandboxStore, type MediaRecord } from './store';
import { authenticateOapi } from './tokens';

const MB = 1024 * 1024;

/** Per-type limits from the official upload-media-files page (fact sheet §5). */
export const MEDIA_LIMITS: Record<MediaRecord['type'], { maxBytes: number; extensions: string[] }> = {
  image: { maxBytes: 20 * MB, extensions: ['jpg', 'gif', 'png', 'bmp'] },
  voice: { maxBytes: 2 * MB, extensions: ['amr', 'mp3', 'wav'] },
  video: { maxBytes: 20 * MB, extensions: ['mp4'] },
  file: { maxBytes: 20 * MB, extensions: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'pdf', 'rar'] },
};
const LARGEST_LIMIT = Math.max(...Object.values(MEDIA_LIMITS).map((l) => l.maxBytes));

export function registerMediaRoutes(router: Router, store: SandboxStore): void {
  router.add('POST', '/media/upload', (req) => upload(req, store));
  // Lets the page and tests fetch what was uploaded. The id keeps its leading "@".
  router.add('GET', '/__sandbox/media/:mediaId', (req) => download(req.params.mediaId, store));
}

interface UploadedPart {
  fieldName: string;
  filename: string;
  mimeType: string;
  data: Buffer;
  truncated: boolean;
}

async function upload(req: SandboxRequest, store: SandboxStore): Promise<SandboxResponse> {
  const { app } = authenticateOapi(req, store);
  applyPlatformLimits(req, store, app, 'oapi', 'media.upload');
  if (contentType(req) !== 'multipart/form-data') throw new OapiError(40035, '缺少参数 media (multipart/form-data expected)');

  const { fields, files } = await parseMultipart(req);
  // The doc: `type` is a form field, and the URL is the fallback when 40004 shows up.
  const type = fields.type ?? req.query.get('type') ?? '';
  if (!Object.hasOwn(MEDIA_LIMITS, type)) throw new OapiError(40004, '不合法的媒体文件类型');
  const mediaType = type as MediaRecord['type'];

  // The file part must be named exactly "media" and carry a filename.
  const part = files.find((f) => f.fieldName === 'media');
  if (!part) {
    const other = files[0]?.fieldName;
    throw new OapiError(40035, other ? `缺少参数 media (file part is named "${other}")` : '缺少参数 media');
  }
  const limits = MEDIA_LIMITS[mediaType];
  const ext = extensionOf(part.filename);
  if (!limits.extensions.includes(ext)) {
    throw new OapiError(store.config.mediaBadFormatErrcode, `不合法的文件类型: ${mediaType} 只支持 ${limits.extensions.join(', ')}`);
  }
  if (part.truncated || part.data.length > limits.maxBytes) {
    throw new OapiError(store.config.mediaOversizeErrcode, `不合法的文件大小: ${mediaType} 不能超过 ${limits.maxBytes / MB}MB`);
  }
  if (part.data.length === 0) throw new OapiError(40035, '缺少参数 media (empty file)');

  const record: MediaRecord = {
    mediaId: SandboxStore.newMediaId(),
    type: mediaType,
    fileName: part.filename,
    contentType: part.mimeType || 'application/octet-stream',
    size: part.data.length,
    bytes: part.data,
    createdAt: store.clock.now(),
    appKey: app.appKey,
  };
  store.media.set(record.mediaId, record);
  store.changed('media');
  return oapiOk('oapi', { type: mediaType, media_id: record.mediaId, created_at: record.createdAt });
}

function parseMultipart(req: SandboxRequest): Promise<{ fields: Record<string, string>; files: UploadedPart[] }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // UTF-8 file names (DingTalk keeps 设计 方案.pdf as is); busboy's default for them is Latin-1.
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: LARGEST_LIMIT + 1, files: 10, fields: 20 } });
    } catch (err) {
      reject(new OapiError(40035, `缺少参数 media (${(err as Error).message})`));
      return;
    }
    const fields: Record<string, string> = {};
    const files: UploadedPart[] = [];
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (fieldName, stream, info) => {
      const chunks: Buffer[] = [];
      const part: UploadedPart = { fieldName, filename: info.filename ?? '', mimeType: info.mimeType, data: Buffer.alloc(0), truncated: false };
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        part.truncated = true;
      });
      stream.on('close', () => {
        part.data = Buffer.concat(chunks);
        files.push(part);
      });
    });
    parser.on('error', (err: Error) => reject(new OapiError(40035, `缺少参数 media (${err.message})`)));
    parser.on('close', () => resolve({ fields, files }));
    Readable.from([req.body]).pipe(parser);
  });
}

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot >= 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

function download(mediaId: string, store: SandboxStore): SandboxResponse {
  const record = store.media.get(mediaId) ?? store.media.get(`@${mediaId}`);
  if (!record) return json(404, { error: 'NotFound', message: `no media ${mediaId}` });
  const inline = record.type === 'image';
  const encoded = encodeURIComponent(record.fileName);
  return {
    status: 200,
    body: record.bytes,
    headers: {
      'content-type': record.contentType,
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encoded}`,
      'x-content-type-options': 'nosniff',
      // Uploaded bytes are untrusted: never let them run as a page on the sandbox origin.
      'content-security-policy': "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
    },
  };
}

/** A media id uploaded earlier, optionally of a given type. */
export function findMedia(store: SandboxStore, mediaId: string, type?: MediaRecord['type']): MediaRecord | undefined {
  const record = store.media.get(mediaId);
  return record && (!type || record.type === type) ? record : undefined;
}
