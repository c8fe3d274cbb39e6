import { CONTENT_TYPE_BY_EXTENSION, detectImageType, STORED_IMAGE_NAME } from '../domain/image.js';
import type { ImageStore } from '../repositories/image.store.js';
import { Errors } from '../shared/error-catalog.js';
import { NotFoundError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';

export const UPLOADS_URL_PREFIX = '/api/uploads';

interface ImageDeps {
  images: ImageStore;
  ids: IdGenerator;
}

export class ImageService {
  constructor(private readonly deps: ImageDeps) {}

  /** Keeps PNG, JPEG, GIF and WebP only, judged by their bytes; returns the public URL. */
  async upload(bytes: Buffer): Promise<string> {
    const type = detectImageType(bytes);
    if (!type) throw Errors.notAnImage();
    const name = `${this.deps.ids.uuid()}.${type.extension}`;
    await this.deps.images.save(name, bytes);
    return `${UPLOADS_URL_PREFIX}/${name}`;
  }

  async read(name: string): Promise<{ bytes: Buffer; contentType: string }> {
    const match = STORED_IMAGE_NAME.exec(name);
    const extension = match?.[1] as keyof typeof CONTENT_TYPE_BY_EXTENSION | undefined;
    const bytes = extension ? await this.deps.images.read(name) : null;
    if (!extension || !bytes) throw new NotFoundError('IMAGE_NOT_FOUND', 'Image introuvable');
    return { bytes, contentType: CONTENT_TYPE_BY_EXTENSION[extension] };
  }
}
