import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CONTENT_TYPE_BY_EXTENSION, etagOf } from './image.js';
import type { ImageInfo, ImageStore, ImageWithBytes, StoredImage } from './image.store.js';

/**
 * Stores images as files in one folder (memory mode: one process, one machine). The type is
 * kept in the name's extension. Callers pass only names they generated (UUID + extension).
 */
export class FileImageStore implements ImageStore {
  /**
   * What is known of each file, learned at its save or the first time it is read, so a
   * revalidation never reads the bytes again. Files never change once written, and the map
   * holds one small entry per file of the folder, so it needs neither expiry nor a bound.
   */
  private readonly infos = new Map<string, ImageInfo>();

  constructor(private readonly dir: string) {}

  async save(image: StoredImage): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // `wx`: never overwrite, even on a UUID collision.
    await writeFile(join(this.dir, image.name), image.bytes, { flag: 'wx' });
    this.infos.set(image.name, this.infoOf(image.contentType, image.bytes));
  }

  async describe(name: string): Promise<ImageInfo | null> {
    const known = this.infos.get(name);
    if (known) return known;
    const image = await this.read(name);
    return image && { contentType: image.contentType, etag: image.etag, sizeBytes: image.sizeBytes };
  }

  async read(name: string): Promise<ImageWithBytes | null> {
    const extension = extname(name).slice(1) as keyof typeof CONTENT_TYPE_BY_EXTENSION;
    const contentType = CONTENT_TYPE_BY_EXTENSION[extension];
    if (!contentType) return null;
    let bytes: Buffer;
    try {
      bytes = await readFile(join(this.dir, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const info = this.infos.get(name) ?? this.infoOf(contentType, bytes);
    this.infos.set(name, info);
    return { name, ...info, bytes };
  }

  private infoOf(contentType: string, bytes: Buffer): ImageInfo {
    return { contentType, etag: etagOf(bytes), sizeBytes: bytes.length };
  }
}
