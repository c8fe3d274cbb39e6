/** An image as stored: its generated name, the type its bytes were sniffed as, and the bytes. */
export interface StoredImage {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * Where uploaded images live: a folder in memory mode, a table with PostgreSQL (so every
 * instance behind a load balancer serves every image). Names are never reused.
 */
export interface ImageStore {
  /** Refuses (throws) a name already stored: an image never changes once saved. */
  save(image: StoredImage): Promise<void>;
  /** Null when no image has this name. */
  read(name: string): Promise<StoredImage | null>;
}
