import { createHash } from 'node:crypto';
import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';
import { detectImageType, STORED_IMAGE_NAME } from './image.js';
import type { ImageStore } from './image.store.js';

const UPLOADS_URL_PREFIX = '/api/uploads';

interface ImageDeps {
  images: ImageStore;
  ids: IdGenerator;
}

interface ServedImage {
  bytes: Buffer;
  contentType: string;
  /** A strong validator made from the bytes: every instance gives the same one for one image. */
  etag: string;
}

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

  async read(name: string): Promise<ServedImage> {
    const image = STORED_IMAGE_NAME.test(name) ? await this.deps.images.read(name) : null;
    if (!image) throw Errors.imageNotFound();
    const digest = createHash('sha256').update(image.bytes).digest('base64url');
    return { bytes: image.bytes, contentType: image.contentType, etag: `"${digest}"` };
  }
}
