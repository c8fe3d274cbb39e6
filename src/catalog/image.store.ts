/** An image as saved: its generated name, the type its bytes were sniffed as, and the bytes. */
export interface StoredImage {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** What is known of a stored image without its bytes: enough to answer a revalidation. */
export interface ImageInfo {
  contentType: string;
  /** The strong validator of its bytes (etagOf in image.ts), stored with them. */
  etag: string;
  sizeBytes: number;
}

/** A stored image with its bytes. */
export type ImageWithBytes = ImageInfo & { name: string; bytes: Buffer };

/**
 * Where uploaded images live: a folder in memory mode, a table with PostgreSQL (so every
 * instance behind a load balancer serves every image). Names are never reused.
 */
export interface ImageStore {
  /** Refuses (throws) a name already stored: an image never changes once saved. */
  save(image: StoredImage): Promise<void>;
  /** Null when no image has this name; never reads the bytes. */
  describe(name: string): Promise<ImageInfo | null>;
  /** Null when no image has this name. */
  read(name: string): Promise<ImageWithBytes | null>;
}
