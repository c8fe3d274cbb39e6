import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CONTENT_TYPE_BY_EXTENSION } from './image.js';
import type { ImageStore, StoredImage } from './image.store.js';

/**
 * Stores images as files in one folder (memory mode: one process, one machine). The type is
 * kept in the name's extension. Callers pass only names they generated (UUID + extension).
 */
export class FileImageStore implements ImageStore {
  constructor(private readonly dir: string) {}

  async save(image: StoredImage): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // `wx`: never overwrite, even on a UUID collision.
    await writeFile(join(this.dir, image.name), image.bytes, { flag: 'wx' });
  }

  async read(name: string): Promise<StoredImage | null> {
    const extension = extname(name).slice(1) as keyof typeof CONTENT_TYPE_BY_EXTENSION;
    const contentType = CONTENT_TYPE_BY_EXTENSION[extension];
    if (!contentType) return null;
    try {
      return { name, contentType, bytes: await readFile(join(this.dir, name)) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}
