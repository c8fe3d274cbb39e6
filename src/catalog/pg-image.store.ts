import type { Queryable } from '../database/db.js';
import type { ImageStore, StoredImage } from './image.store.js';

/** Images as rows (table `images`, migration 008): any instance reads what another one saved. */
export class PgImageStore implements ImageStore {
  constructor(private readonly db: Queryable) {}

  async save(image: StoredImage): Promise<void> {
    // No ON CONFLICT: a name taken twice is an error, as the file store's `wx` makes it.
    await this.db.query(
      'INSERT INTO images (name, content_type, size_bytes, bytes) VALUES ($1, $2, $3, $4)',
      [image.name, image.contentType, image.bytes.length, image.bytes],
    );
  }

  async read(name: string): Promise<StoredImage | null> {
    const { rows } = await this.db.query<{ content_type: string; bytes: Buffer }>(
      'SELECT content_type, bytes FROM images WHERE name = $1',
      [name],
    );
    const row = rows[0];
    return row ? { name, contentType: row.content_type, bytes: row.bytes } : null;
  }
}
