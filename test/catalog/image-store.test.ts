import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { etagOf } from '../../src/catalog/image.js';
import {
  backendUnavailable,
  openForSuite,
  storeBackends,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';

/** The image store: a folder in memory mode, the `images` table with PostgreSQL; one contract. */
warnWhenPostgresSkipped('image store');

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);

describe.each(storeBackends)('%s image store', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);

  it.skipIf(skip)('gives back the bytes and the type it was given, byte for byte', async () => {
    const image = { name: `${randomUUID()}.png`, contentType: 'image/png', bytes: PNG };
    await stores().repos.images.save(image);
    const read = await stores().repos.images.read(image.name);
    expect(read).toEqual({ ...image, etag: etagOf(PNG), sizeBytes: PNG.length });
    expect(read?.bytes.equals(PNG)).toBe(true);
  });

  it.skipIf(skip)('describes an image by its type, size and the ETag of its bytes', async () => {
    // Random bytes, so the database's SHA-256 (migration 013) and etagOf must agree on any input.
    for (const size of [1, 100, 70_000]) {
      const bytes = Buffer.concat([PNG, randomBytes(size)]);
      const image = { name: `${randomUUID()}.png`, contentType: 'image/png', bytes };
      await stores().repos.images.save(image);
      expect(await stores().repos.images.describe(image.name)).toEqual({
        contentType: 'image/png',
        etag: etagOf(bytes),
        sizeBytes: bytes.length,
      });
    }
    expect(await stores().repos.images.describe(`${randomUUID()}.png`)).toBeNull();
  });

  it.skipIf(skip)('answers null for a name never saved', async () => {
    expect(await stores().repos.images.read(`${randomUUID()}.png`)).toBeNull();
  });

  it.skipIf(skip)('refuses to overwrite an image: a name keeps its first bytes', async () => {
    const image = { name: `${randomUUID()}.gif`, contentType: 'image/gif', bytes: Buffer.from('GIF89a-1') };
    await stores().repos.images.save(image);
    await expect(stores().repos.images.save({ ...image, bytes: Buffer.from('GIF89a-2') })).rejects.toThrow();
    expect((await stores().repos.images.read(image.name))?.bytes.toString()).toBe('GIF89a-1');
  });
});
