/** Where uploaded images live: a folder by default, object storage later. */
export interface ImageStore {
  save(name: string, bytes: Buffer): Promise<void>;
  /** Null when no image has this name. */
  read(name: string): Promise<Buffer | null>;
}
