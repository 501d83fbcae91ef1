import * as assert from 'assert';
import { MultipartBody, encodeMultipart } from '../../../src/core/dingtalk/multipart';

/** The body as the transport sends it: byte chunks as they are, sources read out. */
async function joined(encoded: MultipartBody): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (const chunk of encoded.chunks) {
    if (chunk instanceof Uint8Array) parts.push(chunk);
    else for await (const piece of chunk.open()) parts.push(piece);
  }
  return Buffer.concat(parts);
}

/** Parses with undici's multipart parser (the one behind fetch's Response.formData), as a server would. */
async function parse(encoded: MultipartBody): Promise<FormData> {
  return new Response(await joined(encoded), { headers: { 'content-type': encoded.contentType } }).formData();
}

describe('multipart body', () => {
  it('carries text fields and file parts byte for byte, with names and content types', async () => {
    const data = new Uint8Array(70_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff; // includes CR, LF and "-" bytes
    const encoded = encodeMultipart([
      { name: 'type', value: 'file' },
      { name: 'media', fileName: 'report 报告.pdf', contentType: 'application/pdf', data },
    ]);
    assert.match(encoded.contentType, /^multipart\/form-data; boundary=----vscode-dingtalk-[0-9a-f]{24}$/);
    assert.equal(encoded.byteLength, (await joined(encoded)).byteLength);
    assert.ok(encoded.chunks.includes(data), 'the file bytes are sent as they are, not copied');
    const form = await parse(encoded);
    assert.equal(form.get('type'), 'file');
    const media = form.get('media') as File;
    assert.equal(media.name, 'report 报告.pdf');
    assert.equal(media.type, 'application/pdf');
    assert.deepEqual(new Uint8Array(await media.arrayBuffer()), data);
  });

  it('escapes quotes and line breaks in names the way browsers do, so a name cannot inject headers', async () => {
    const encoded = encodeMultipart([{ name: 'media', fileName: 'a"b\r\nContent-Type: text/html.pdf', contentType: 'application/pdf', data: new Uint8Array([1]) }]);
    const text = (await joined(encoded)).toString('utf8');
    assert.ok(text.includes('filename="a%22b%0D%0AContent-Type: text/html.pdf"'), text);
    assert.equal(text.match(/Content-Type:/g)?.length, 2, 'only the part header and the (escaped) name mention it');
    const media = (await parse(encoded)).get('media') as File;
    assert.equal(media.type, 'application/pdf');
  });

  it('takes a streamed source as a file part, counting its declared length', async () => {
    const source = { byteLength: 5, async *open() { yield new Uint8Array([1, 2]); yield new Uint8Array([3, 4, 5]); } };
    const encoded = encodeMultipart([{ name: 'media', fileName: 'big.pdf', contentType: 'application/pdf', data: source }]);
    assert.ok(encoded.chunks.includes(source));
    assert.equal(encoded.byteLength, (await joined(encoded)).byteLength);
    const media = (await parse(encoded)).get('media') as File;
    assert.deepEqual(new Uint8Array(await media.arrayBuffer()), new Uint8Array([1, 2, 3, 4, 5]));
  });

  it('uses a fresh boundary for every body', () => {
    const data = new Uint8Array([7, 8, 9]);
    const a = encodeMultipart([{ name: 'media', fileName: 'x.zip', contentType: 'application/zip', data }]);
    const b = encodeMultipart([{ name: 'media', fileName: 'x.zip', contentType: 'application/zip', data }]);
    assert.notEqual(a.contentType, b.contentType);
  });
});
