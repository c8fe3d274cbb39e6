import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken } from '../helpers/shop.js';
import { bearer, buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 12: multipart bodies the parser refuses. A Content-Type without a boundary was a
 * 500 (`Boundary not found`), a second file was silently ignored, an 11th field answered the
 * English `reach fields limit`. Each is now a French 4xx in the `{detail, code}` shape, and
 * no file is kept.
 */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const BOUNDARY = 'edge-boundary-41f7';

const filePart = (field = 'file') =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    PNG,
    Buffer.from('\r\n'),
  ]);
const fieldPart = (name: string) =>
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\nvaleur\r\n`);
const fields = (count: number) => Array.from({ length: count }, (_, i) => fieldPart(`champ${i}`));
const end = Buffer.from(`--${BOUNDARY}--\r\n`);

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

const stored = () => readdir(t.ctx.config.uploadDir).catch(() => [] as string[]);

const upload = (parts: Buffer[], contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
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
    const res = await upload([filePart()], contentType);
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
    const res = await upload(parts);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ detail: 'Un seul fichier par envoi', code: 'TOO_MANY_FILES' });
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['before the file', [...fields(11), filePart()]],
    ['after the file', [filePart(), ...fields(11)]],
  ])('refuses 11 fields %s with a French 413 and keeps no file', async (_name, parts) => {
    const before = await stored();
    const res = await upload(parts);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      detail: 'Trop de champs dans le formulaire (10 au plus)',
      code: 'TOO_MANY_FIELDS',
    });
    expect(await stored()).toEqual(before);
  });

  it('accepts 10 fields beside the file, and a quoted boundary', async () => {
    const res = await upload([...fields(10), filePart()], `multipart/form-data; boundary="${BOUNDARY}"`);
    expect(res.statusCode).toBe(200);
    expect(res.json().image_url).toMatch(/^\/api\/uploads\/[0-9a-f-]{36}\.png$/);
  });

  it('refuses a field named __proto__ with a French 400', async () => {
    const res = await upload([fieldPart('__proto__'), filePart()]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      detail: 'Nom de champ interdit dans le formulaire',
      code: 'FORBIDDEN_FIELD_NAME',
    });
  });
});
