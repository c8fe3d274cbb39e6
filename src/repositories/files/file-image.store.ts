import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageStore } from '../image.store.js';

/** Stores images as files in one folder. Callers pass only names they generated (UUID + extension). */
export class FileImageStore implements ImageStore {
  constructor(private readonly dir: string) {}

  async save(name: string, bytes: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // `wx`: never overwrite, even on a UUID collision.
    await writeFile(join(this.dir, name), bytes, { flag: 'wx' });
  }

  async read(name: string): Promise<Buffer | null> {
    try {
      return await readFile(join(this.dir, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}
