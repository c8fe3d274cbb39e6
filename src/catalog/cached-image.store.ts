import { WeightedLru } from '../shared/weighted-lru.js';
import type { ImageInfo, ImageStore, ImageWithBytes, StoredImage } from './image.store.js';

/** What an entry costs besides its bytes (name, type, ETag, the map's own slot), roughly. */
const ENTRY_OVERHEAD_BYTES = 256;

interface Entry {
  info: ImageInfo;
  /** Absent when only the info was asked for, or when the bytes alone exceed the cap. */
  bytes?: Buffer;
}

/**
 * Hot pictures served from memory, in front of either store, within `capacityBytes` in all
 * (IMAGE_CACHE_BYTES). A name is never reused for other bytes, so an entry is never stale and
 * needs no expiry. Concurrent misses of one name share one read of the store: 96 first readers of
 * a picture cost one database read, not 96 copies of it. Every reader of a cached picture is
 * handed the same Buffer, so a socket slow to take it holds no copy of its own.
 */
export class CachedImageStore implements ImageStore {
  private readonly cache: WeightedLru<Entry>;
  private readonly loading = new Map<string, Promise<ImageWithBytes | null>>();

  constructor(
    private readonly inner: ImageStore,
    capacityBytes: number,
  ) {
    this.cache = new WeightedLru(capacityBytes);
  }

  save(image: StoredImage): Promise<void> {
    return this.inner.save(image);
  }

  async describe(name: string): Promise<ImageInfo | null> {
    const hit = this.cache.get(name);
    if (hit) return hit.info;
    const info = await this.inner.describe(name);
    // Absence is not kept: another instance may save that name a moment later.
    if (info && !this.cache.get(name)) this.cache.set(name, { info }, ENTRY_OVERHEAD_BYTES);
    return info;
  }

  async read(name: string): Promise<ImageWithBytes | null> {
    const hit = this.cache.get(name);
    if (hit?.bytes) return { name, ...hit.info, bytes: hit.bytes };
    const pending = this.loading.get(name);
    if (pending) return pending;
    // Kept before the load stops being shared: a reader arriving in between finds one or the other.
    const load = this.inner
      .read(name)
      .then((image) => {
        if (image) this.keep(image);
        return image;
      })
      .finally(() => this.loading.delete(name));
    this.loading.set(name, load);
    return load;
  }

  /** The bytes kept now, for tests and the metrics: never more than the capacity. */
  get cachedBytes(): number {
    return this.cache.weight;
  }

  private keep(image: ImageWithBytes): void {
    const info = { contentType: image.contentType, etag: image.etag, sizeBytes: image.sizeBytes };
    const withBytes = ENTRY_OVERHEAD_BYTES + image.bytes.length;
    // Too big for the cap: the info is still worth keeping, for the revalidations.
    this.cache.set(image.name, { info, bytes: image.bytes }, withBytes);
    if (!this.cache.get(image.name)) this.cache.set(image.name, { info }, ENTRY_OVERHEAD_BYTES);
  }
}
