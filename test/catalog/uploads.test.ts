import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../helpers/postgres.js';
import { adminToken } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG_1X1 = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([26, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(14),
]);
const MAX_UPLOAD_BYTES = 4096;

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp({ config: { maxUploadBytes: MAX_UPLOAD_BYTES } });
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

const stored = () => readdir(t.ctx.config.uploadDir).catch(() => [] as string[]);

function multipartBody(
  content: Buffer,
  { filename = 'image.png', contentType = 'image/png', field = 'file' } = {},
) {
  const boundary = '----test-boundary-7MA4YWxkTrZu0gW';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const upload = (content: Buffer, options: Parameters<typeof multipartBody>[1] = {}, token = admin) => {
  const { payload, headers } = multipartBody(content, options);
  return t.app.inject({
    method: 'POST',
    url: '/api/admin/upload-image',
    headers: { ...headers, ...bearer(token) },
    payload,
  });
};

describe('POST /api/admin/upload-image', () => {
  it.each([
    ['a PNG', PNG_1X1, 'png', 'image/png'],
    ['a JPEG', JPEG_1X1, 'jpg', 'image/jpeg'],
    ['a GIF', GIF, 'gif', 'image/gif'],
    ['a WebP', WEBP, 'webp', 'image/webp'],
  ])(
    'stores %s and serves it back with its real type and nosniff',
    async (_name, bytes, extension, contentType) => {
      // The client's declared type is ignored either way.
      const res = await upload(bytes, { contentType: 'application/octet-stream' });
      expect(res.statusCode).toBe(200);
      const url = res.json().image_url as string;
      expect(url).toMatch(new RegExp(`^/api/uploads/[0-9a-f-]{36}\\.${extension}$`));

      const served = await t.app.inject({ url });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe(contentType);
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.rawPayload.equals(bytes)).toBe(true);
    },
  );

  it.each([
    ['HTML disguised as PNG', Buffer.from('<html><script>alert(1)</script></html>')],
    ['SVG disguised as PNG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['a PDF', Buffer.from('%PDF-1.4\n...')],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s', async (_name, bytes) => {
    const before = await stored();
    const res = await upload(bytes, { filename: 'photo.png', contentType: 'image/png' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Le fichier doit être une image' });
    expect(await stored()).toEqual(before);
  });

  it('refuses a file over MAX_UPLOAD_BYTES with 413 and stores nothing', async () => {
    const before = await stored();
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(MAX_UPLOAD_BYTES)]);
    const res = await upload(big);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ detail: 'Fichier trop volumineux' });
    expect(await stored()).toEqual(before);
  });

  it('never uses the client’s file name, so a path-traversal name stays in the store', async () => {
    const res = await upload(PNG_1X1, { filename: '../../../tmp/evil.png' });
    expect(res.statusCode).toBe(200);
    const url = res.json().image_url as string;
    expect(url).not.toContain('evil');
    expect((await t.app.inject({ url })).statusCode).toBe(200);
    // In memory mode the store is a folder: the file is in it, under the generated name.
    if (!TEST_DATABASE_URL) expect(await readdir(t.ctx.config.uploadDir)).toContain(url.split('/').pop());
  });

  it('serves an image with an ETag made from its bytes, cacheable for a year, and 304 when it matches', async () => {
    const url = (await upload(PNG_1X1)).json().image_url as string;
    const first = await t.app.inject({ url });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    // Same bytes under another name: same validator, whichever instance or store serves it.
    const again = (await upload(PNG_1X1)).json().image_url as string;
    expect((await t.app.inject({ url: again })).headers.etag).toBe(etag);

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const cached = await t.app.inject({ url, headers: { 'if-none-match': ifNoneMatch } });
      expect(cached.statusCode).toBe(304);
      expect(cached.rawPayload.length).toBe(0);
      expect(cached.headers.etag).toBe(etag);
      expect(cached.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const stale = await t.app.inject({ url, headers: { 'if-none-match': '"something-else"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.equals(PNG_1X1)).toBe(true);
  });

  it('refuses a request without a file field', async () => {
    const res = await upload(PNG_1X1, { field: 'image' });
    expect(res.statusCode).toBe(400);
    const notMultipart = await t.app.inject({
      method: 'POST',
      url: '/api/admin/upload-image',
      headers: bearer(admin),
      payload: { file: 'x' },
    });
    expect(notMultipart.statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    const { token } = await registerUser(t.app);
    expect((await upload(PNG_1X1, {}, token)).statusCode).toBe(403);
  });
});

describe('GET /api/uploads/:name', () => {
  it.each(['..%2F..%2Fpackage.json', '..%2Fpackage.json', 'package.json', 'nothing.png', '%2Fetc%2Fpasswd'])(
    'answers 404 for %s',
    async (name) => {
      const res = await t.app.inject({ url: `/api/uploads/${name}` });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('"name"');
    },
  );
});

/**
 * Issue 12: multipart bodies the parser refuses. A Content-Type without a boundary was a
 * 500 (`Boundary not found`), a second file was silently ignored, an 11th field answered the
 * English `reach fields limit`. Each is now a French 4xx in the `{detail, code}` shape, and
 * no file is kept.
 */
const BOUNDARY = 'edge-boundary-41f7';

const filePart = (field = 'file') =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    PNG_1X1,
    Buffer.from('\r\n'),
  ]);
const fieldPart = (name: string) =>
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\nvaleur\r\n`);
const fields = (count: number) => Array.from({ length: count }, (_, i) => fieldPart(`champ${i}`));
const end = Buffer.from(`--${BOUNDARY}--\r\n`);

const uploadParts = (parts: Buffer[], contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
  t.app.inject({
    method: 'POST',
    url: '/api/admin/upload-image',
    headers: { ...bearer(admin), 'content-type': contentType },
    payload: Buffer.concat([...parts, end]),
  });

describe('POST /api/admin/upload-image: multipart edges', () => {
  it.each([
    ['no boundary', 'multipart/form-data'],
    ['an empty boundary', 'multipart/form-data; boundary=""'],
  ])('answers 400 in French to a Content-Type with %s', async (_name, contentType) => {
    const before = await stored();
    const res = await uploadParts([filePart()], contentType);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      detail: "En-tête Content-Type multipart sans paramètre 'boundary'",
      code: 'MULTIPART_BOUNDARY_MISSING',
    });
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['two file parts', [filePart(), filePart()]],
    ['another file before the file part', [filePart('autre'), filePart()]],
  ])('refuses %s with 413 "Un seul fichier par envoi" and keeps neither', async (_name, parts) => {
    const before = await stored();
    const res = await uploadParts(parts);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ detail: 'Un seul fichier par envoi', code: 'TOO_MANY_FILES' });
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['before the file', [...fields(11), filePart()]],
    ['after the file', [filePart(), ...fields(11)]],
  ])('refuses 11 fields %s with a French 413 and keeps no file', async (_name, parts) => {
    const before = await stored();
    const res = await uploadParts(parts);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      detail: 'Trop de champs dans le formulaire (10 au plus)',
      code: 'TOO_MANY_FIELDS',
    });
    expect(await stored()).toEqual(before);
  });

  it('accepts 10 fields beside the file, and a quoted boundary', async () => {
    const res = await uploadParts([...fields(10), filePart()], `multipart/form-data; boundary="${BOUNDARY}"`);
    expect(res.statusCode).toBe(200);
    expect(res.json().image_url).toMatch(/^\/api\/uploads\/[0-9a-f-]{36}\.png$/);
  });

  it('refuses a field named __proto__ with a French 400', async () => {
    const res = await uploadParts([fieldPart('__proto__'), filePart()]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      detail: 'Nom de champ interdit dans le formulaire',
      code: 'FORBIDDEN_FIELD_NAME',
    });
  });
});
