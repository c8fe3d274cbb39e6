import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CachedImageStore } from '../../src/catalog/cached-image.store.js';
import { etagOf } from '../../src/catalog/image.js';
import type { ImageInfo, ImageStore, ImageWithBytes, StoredImage } from '../../src/catalog/image.store.js';
import { SEND_IDLE_TIMEOUT_MS } from '../../src/catalog/upload.routes.js';
import { backendUnavailable, storeBackends, warnWhenPostgresSkipped } from '../helpers/store-backends.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 28, pictures: a 304 cost 45–98 ms because every read loaded and hashed the whole image;
 * 96 readers of one picture each took their own copy from the database pool; 40 sockets that
 * never read kept +186 MiB. Now: the 304 comes from the stored ETag, hot pictures from a
 * size-capped LRU shared by every reader, and a reader that takes nothing is cut.
 */
const png = (size: number) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size)]);

/** An image store in a Map, counting what the cache asks of it. */
class CountingStore implements ImageStore {
  readonly images = new Map<string, StoredImage>();
  reads = 0;
  describes = 0;
  async save(image: StoredImage) {
    this.images.set(image.name, image);
  }
  async describe(name: string): Promise<ImageInfo | null> {
    this.describes += 1;
    const image = this.images.get(name);
    return image
      ? { contentType: image.contentType, etag: etagOf(image.bytes), sizeBytes: image.bytes.length }
      : null;
  }
  async read(name: string): Promise<ImageWithBytes | null> {
    this.reads += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const image = this.images.get(name);
    return image ? { ...image, etag: etagOf(image.bytes), sizeBytes: image.bytes.length } : null;
  }
}

async function stored(store: ImageStore, size: number): Promise<StoredImage> {
  const image = { name: `${randomUUID()}.png`, contentType: 'image/png', bytes: png(size) };
  await store.save(image);
  return image;
}

describe('CachedImageStore', () => {
  it('keeps at most its capacity in bytes, the least recently read going first', async () => {
    const inner = new CountingStore();
    const cache = new CachedImageStore(inner, 3 * 1024 + 3 * 256);
    const images = [];
    for (let i = 0; i < 5; i += 1) images.push(await stored(inner, 1024 - 8));
    for (const image of images) {
      expect((await cache.read(image.name))?.bytes.equals(image.bytes)).toBe(true);
      expect(cache.cachedBytes).toBeLessThanOrEqual(3 * 1024 + 3 * 256);
    }
    inner.reads = 0;
    // The three most recent come from memory; the two oldest were evicted and are read again.
    for (const image of images.slice(2)) await cache.read(image.name);
    expect(inner.reads).toBe(0);
    for (const image of images.slice(0, 2)) await cache.read(image.name);
    expect(inner.reads).toBe(2);
    expect(cache.cachedBytes).toBeLessThanOrEqual(3 * 1024 + 3 * 256);
  });

  it('does not keep the bytes of a picture bigger than the cap, but keeps what a 304 needs', async () => {
    const inner = new CountingStore();
    const cache = new CachedImageStore(inner, 1000);
    const big = await stored(inner, 5000);
    await cache.read(big.name);
    await cache.read(big.name);
    expect(inner.reads).toBe(2);
    expect(cache.cachedBytes).toBeLessThanOrEqual(1000);
    inner.describes = 0;
    expect((await cache.describe(big.name))?.etag).toBe(etagOf(big.bytes));
    expect(inner.describes).toBe(0);
  });

  it('reads a picture once for many concurrent first readers, and hands them one Buffer', async () => {
    const inner = new CountingStore();
    const cache = new CachedImageStore(inner, 1024 * 1024);
    const image = await stored(inner, 100_000);
    const reads = await Promise.all(Array.from({ length: 96 }, () => cache.read(image.name)));
    expect(inner.reads).toBe(1);
    expect(new Set(reads.map((read) => read?.bytes)).size).toBe(1);
  });

  it('does not keep an absence: a name saved afterwards is found', async () => {
    const inner = new CountingStore();
    const cache = new CachedImageStore(inner, 1024 * 1024);
    const name = `${randomUUID()}.png`;
    expect(await cache.read(name)).toBeNull();
    expect(await cache.describe(name)).toBeNull();
    await inner.save({ name, contentType: 'image/png', bytes: png(10) });
    expect(await cache.describe(name)).not.toBeNull();
    expect(await cache.read(name)).not.toBeNull();
  });
});

warnWhenPostgresSkipped('image serving');

describe.each(storeBackends)('%s store: GET /api/uploads/:name', (store) => {
  const skip = backendUnavailable(store);
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await buildTestApp({ store, config: { imageCacheBytes: 64 * 1024 } });
  });
  afterAll(async () => {
    if (!skip) await t.app.close();
  });

  it.skipIf(skip)(
    'answers a matching If-None-Match with 304 from the stored ETag, never reading the bytes',
    async () => {
      const bytes = png(200_000);
      const url = await t.ctx.services.images.upload(bytes);
      const reads = vi.spyOn(t.ctx.repos.images, 'read');
      try {
        const res = await t.app.inject({ url, headers: { 'if-none-match': etagOf(bytes) } });
        expect(res.statusCode).toBe(304);
        expect(res.headers.etag).toBe(etagOf(bytes));
        expect(res.body).toBe('');
        expect(reads).not.toHaveBeenCalled();
        // A stale copy still gets the bytes, with the same ETag.
        const full = await t.app.inject({ url, headers: { 'if-none-match': '"autre"' } });
        expect(full.statusCode).toBe(200);
        expect(full.rawPayload.equals(bytes)).toBe(true);
        expect(full.headers.etag).toBe(etagOf(bytes));
        expect(reads).toHaveBeenCalledTimes(1);
      } finally {
        reads.mockRestore();
      }
    },
  );

  it.skipIf(skip)('serves a hot picture from memory: one read of the store for many readers', async () => {
    const bytes = png(20_000);
    const url = await t.ctx.services.images.upload(bytes);
    const reads = vi.spyOn(t.ctx.repos.images, 'read');
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => t.app.inject({ url })));
      expect(answers.every((res) => res.statusCode === 200 && res.rawPayload.equals(bytes))).toBe(true);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it.skipIf(skip)('answers 404 for a name never saved, on both paths', async () => {
    const url = `/api/uploads/${randomUUID()}.png`;
    expect((await t.app.inject({ url })).statusCode).toBe(404);
    expect((await t.app.inject({ url, headers: { 'if-none-match': '*' } })).statusCode).toBe(404);
  });
});

describe('a reader that takes no byte', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await buildTestApp({ store: 'memory' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.app.close());

  it('is cut once it has taken nothing for the send timeout (Node waits one more when the queue moved)', async () => {
    // Bigger than what loopback's socket buffers absorb (several MiB), so the server's writes stall.
    const url = await t.ctx.services.images.upload(png(32 * 1024 * 1024));
    const accepted = once(t.app.server, 'connection') as Promise<[Socket]>;
    const client = connect(port, '127.0.0.1');
    client.on('error', () => {});
    client.pause(); // reads nothing: the server's writes back up
    client.write(`GET ${url} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    const [serverSide] = await accepted;
    const started = performance.now();
    await once(serverSide, 'close');
    const heldMs = performance.now() - started;
    expect(heldMs).toBeGreaterThanOrEqual(SEND_IDLE_TIMEOUT_MS - 500);
    expect(heldMs).toBeLessThan(2 * SEND_IDLE_TIMEOUT_MS + 3000);
    client.destroy();
  }, 30_000);
});
