import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';
import { detectImageType, STORED_IMAGE_NAME } from './image.js';
import type { ImageStore } from './image.store.js';

const UPLOADS_URL_PREFIX = '/api/uploads';

interface ImageDeps {
  images: ImageStore;
  ids: IdGenerator;
}

/** What to answer a reader: the bytes, or only that the copy it holds is current (a 304). */
type ServedImage =
  | { notModified: true; etag: string }
  | { notModified: false; etag: string; contentType: string; bytes: Buffer };

export class ImageService {
  constructor(private readonly deps: ImageDeps) {}

  /** Keeps PNG, JPEG, GIF and WebP only, judged by their bytes; returns the public URL. */
  async upload(bytes: Buffer): Promise<string> {
    const type = detectImageType(bytes);
    if (!type) throw Errors.notAnImage();
    const name = `${this.deps.ids.uuid()}.${type.extension}`;
    await this.deps.images.save({ name, contentType: type.contentType, bytes });
    return `${UPLOADS_URL_PREFIX}/${name}`;
  }

  /**
   * The image `name`, unless `isCurrent` says the reader's copy (its If-None-Match) is this one:
   * that is decided from the stored ETag, without reading or hashing the bytes.
   */
  async serve(name: string, isCurrent: (etag: string) => boolean): Promise<ServedImage> {
    if (!STORED_IMAGE_NAME.test(name)) throw Errors.imageNotFound();
    const info = await this.deps.images.describe(name);
    if (!info) throw Errors.imageNotFound();
    if (isCurrent(info.etag)) return { notModified: true, etag: info.etag };
    const image = await this.deps.images.read(name);
    if (!image) throw Errors.imageNotFound();
    return { notModified: false, etag: image.etag, contentType: image.contentType, bytes: image.bytes };
  }
}
