import type { Queryable } from '../database/db.js';
import type { ImageInfo, ImageStore, ImageWithBytes, StoredImage } from './image.store.js';

interface InfoRow {
  content_type: string;
  etag: string;
  size_bytes: number;
}

const infoOf = (row: InfoRow): ImageInfo => ({
  contentType: row.content_type,
  etag: row.etag,
  sizeBytes: row.size_bytes,
});

/**
 * Images as rows (table `images`, migration 008): any instance reads what another one saved.
 * The ETag is a column the database computes from the bytes (migration 013).
 */
export class PgImageStore implements ImageStore {
  constructor(private readonly db: Queryable) {}

  async save(image: StoredImage): Promise<void> {
    // No ON CONFLICT: a name taken twice is an error, as the file store's `wx` makes it.
    await this.db.query(
      'INSERT INTO images (name, content_type, size_bytes, bytes) VALUES ($1, $2, $3, $4)',
      [image.name, image.contentType, image.bytes.length, image.bytes],
    );
  }

  async describe(name: string): Promise<ImageInfo | null> {
    const { rows } = await this.db.query<InfoRow>(
      'SELECT content_type, etag, size_bytes FROM images WHERE name = $1',
      [name],
    );
    const row = rows[0];
    return row ? infoOf(row) : null;
  }

  async read(name: string): Promise<ImageWithBytes | null> {
    const { rows } = await this.db.query<InfoRow & { bytes: Buffer }>(
      'SELECT content_type, etag, size_bytes, bytes FROM images WHERE name = $1',
      [name],
    );
    const row = rows[0];
    return row ? { name, ...infoOf(row), bytes: row.bytes } : null;
  }
}
