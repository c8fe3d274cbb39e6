import { deflateSync } from 'node:zlib';

/** An RGB colour, each channel 0–255. */
export type Rgb = readonly [number, number, number];
export type Point = readonly [number, number];
/** x0, y0, x1, y1 */
type Box = readonly [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A tiny raster for the demo pictures: flat shapes on a flat background, in a
 * 100 × 100 coordinate space scaled to the image, encoded as an 8-bit RGB PNG. Enough to
 * draw a garment's silhouette with no image library and no third-party picture.
 */
export class Canvas {
  private readonly pixels: Buffer;

  constructor(
    readonly size: number,
    background: Rgb,
  ) {
    this.pixels = Buffer.alloc(size * size * 3);
    for (let i = 0; i < size * size; i += 1) this.pixels.set(background, i * 3);
  }

  /** Fills every pixel whose centre is inside the shape (even-odd rule). */
  polygon(points: readonly Point[], colour: Rgb, offset: Point = [0, 0]): this {
    const xs = points.map(([x]) => x + offset[0]);
    const ys = points.map(([, y]) => y + offset[1]);
    const box: Box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    return this.fill(box, (x, y) => insidePolygon(points, x - offset[0], y - offset[1]), colour);
  }

  circle([cx, cy]: Point, radius: number, colour: Rgb): this {
    const box: Box = [cx - radius, cy - radius, cx + radius, cy + radius];
    return this.fill(box, (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2, colour);
  }

  rect([x0, y0]: Point, [x1, y1]: Point, colour: Rgb): this {
    return this.polygon(
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ],
      colour,
    );
  }

  toPng(): Buffer {
    const row = this.size * 3;
    const raw = Buffer.alloc((row + 1) * this.size);
    for (let y = 0; y < this.size; y += 1) {
      // Filter byte 0 ("none") before each scanline.
      this.pixels.copy(raw, y * (row + 1) + 1, y * row, (y + 1) * row);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.size, 0);
    header.writeUInt32BE(this.size, 4);
    header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter method, no interlace
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }

  /** Tests only the pixels of the shape's bounding box (in the 100 × 100 space). */
  private fill([x0, y0, x1, y1]: Box, inside: (x: number, y: number) => boolean, colour: Rgb): this {
    const scale = 100 / this.size;
    const first = (v: number) => Math.max(0, Math.floor(v / scale));
    const last = (v: number) => Math.min(this.size - 1, Math.ceil(v / scale));
    const [r, g, b] = colour;
    for (let py = first(y0); py <= last(y1); py += 1) {
      for (let px = first(x0); px <= last(x1); px += 1) {
        if (!inside((px + 0.5) * scale, (py + 0.5) * scale)) continue;
        const i = (py * this.size + px) * 3;
        this.pixels[i] = r;
        this.pixels[i + 1] = g;
        this.pixels[i + 2] = b;
      }
    }
    return this;
  }
}

function insidePolygon(points: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i, i += 1) {
    const [xi, yi] = points[i] as Point;
    const [xj, yj] = points[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
