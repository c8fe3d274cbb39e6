import type { FastifyRequest } from 'fastify';
import { Errors } from '../shared/error-catalog.js';

/** The multipart limits of the upload route; FST_*_LIMIT errors name them in French (error-mapping.ts). */
export const MULTIPART_LIMITS = { files: 1, fields: 10, parts: 20 } as const;

/** busboy refuses a multipart Content-Type without this parameter with a plain Error (a 500 before). */
const BOUNDARY = /;\s*boundary\s*=\s*("[^"]+"|[^\s;"]+)/i;

/**
 * The bytes of the `file` part of a multipart upload, reading the whole body: a second
 * file is refused (413) rather than ignored, and every limit the parser reaches surfaces
 * as its own 413 instead of a stream cut short. Bounded by the limits the plugin enforces.
 */
export async function readSingleFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) throw Errors.fileMissing();
  if (!BOUNDARY.test(request.headers['content-type'] ?? '')) throw Errors.multipartBoundaryMissing();
  let bytes: Buffer | undefined;
  const parts = request.parts();
  for await (const part of parts) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'file' || bytes !== undefined) {
      part.file.resume();
      continue;
    }
    try {
      // toBuffer() throws 413 once the file passes MAX_UPLOAD_BYTES: nothing larger is kept.
      bytes = await part.toBuffer();
    } catch (err) {
      // A limit reached while the file streams (an 11th field) cuts the file short; the
      // parser reports the limit itself as its next part, which is the answer to give.
      if (isPrematureClose(err)) await parts.next();
      throw err;
    }
  }
  if (bytes === undefined) throw Errors.fileMissing();
  return bytes;
}

const isPrematureClose = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && 'code' in err && err.code === 'ERR_STREAM_PREMATURE_CLOSE';
