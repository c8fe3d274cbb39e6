import { Canvas, type Point, type Rgb } from './png.js';

type Garment = 'tshirt' | 'hoodie' | 'jeans' | 'jacket' | 'cap' | 'belt' | 'scarf' | 'sweater';

export interface Picture {
  garment: Garment;
  colour: Rgb;
  background: Rgb;
}

const SHADOW: Rgb = [90, 90, 100];
const SIZE = 240;

// biome-ignore format: a silhouette reads better as one list of points
const TSHIRT: Point[] = [[36, 16], [44, 16], [50, 22], [56, 16], [64, 16], [86, 30], [78, 44], [70, 39], [70, 88], [30, 88], [30, 39], [22, 44], [14, 30]];
// biome-ignore format: a silhouette reads better as one list of points
const LONG_SLEEVES: Point[] = [[34, 20], [66, 20], [82, 32], [90, 82], [80, 84], [71, 46], [71, 88], [29, 88], [29, 46], [20, 84], [10, 82], [18, 32]];
// biome-ignore format: a silhouette reads better as one list of points
const JEANS: Point[] = [[30, 12], [70, 12], [75, 90], [58, 90], [50, 40], [42, 90], [25, 90]];
// biome-ignore format: a silhouette reads better as one list of points
const SCARF: Point[] = [[26, 14], [74, 14], [74, 32], [60, 32], [60, 88], [44, 88], [44, 32], [26, 32]];
const CAP_DOME: Point[] = Array.from({ length: 25 }, (_, i): Point => {
  const angle = Math.PI * (1 + i / 24);
  return [46 + 26 * Math.cos(angle), 60 + 26 * Math.sin(angle)];
});
// biome-ignore format: a silhouette reads better as one list of points
const NECK: Point[] = [[44, 16], [50, 22], [56, 16], [53, 16], [50, 19], [47, 16]];
// biome-ignore format: a silhouette reads better as one list of points
const COLLAR: Point[] = [[34, 20], [50, 34], [66, 20]];
// biome-ignore format: a silhouette reads better as one list of points
const BELT: Point[] = [[8, 44], [92, 44], [92, 56], [8, 56]];
// biome-ignore format: a silhouette reads better as one list of points
const CAP_BRIM: Point[] = [[44, 56], [90, 58], [86, 66], [44, 64]];

const darker = ([r, g, b]: Rgb, by = 0.75): Rgb => [
  Math.round(r * by),
  Math.round(g * by),
  Math.round(b * by),
];

/** One garment drawn flat: a soft shadow, the shape, and a detail or two in a darker shade. */
function draw(canvas: Canvas, { garment, colour }: Picture): Canvas {
  const detail = darker(colour);
  const shape = (points: Point[]) => canvas.polygon(points, SHADOW, [1.5, 1.5]).polygon(points, colour);
  switch (garment) {
    case 'tshirt':
      return shape(TSHIRT).polygon(NECK, detail);
    case 'hoodie':
      canvas.circle([51.5, 21.5], 14, SHADOW).circle([50, 20], 14, colour).circle([50, 22], 8, detail);
      return shape(LONG_SLEEVES).rect([38, 66], [62, 78], detail);
    case 'sweater':
      return shape(LONG_SLEEVES).rect([41, 10], [59, 24], detail).rect([29, 82], [71, 88], detail);
    case 'jacket':
      shape(LONG_SLEEVES).rect([49, 20], [51, 88], detail).polygon(COLLAR, detail);
      for (const y of [42, 56, 70]) canvas.circle([53.5, y], 1.6, [200, 200, 210]);
      return canvas;
    case 'jeans':
      return shape(JEANS).rect([30, 12], [70, 18], detail).rect([49.5, 18], [50.5, 36], detail);
    case 'cap':
      shape(CAP_DOME);
      return canvas
        .polygon(CAP_BRIM, SHADOW, [1.5, 1.5])
        .polygon(CAP_BRIM, detail)
        .circle([46, 34], 2.5, detail);
    case 'belt':
      shape(BELT);
      canvas.rect([18, 40], [32, 60], [192, 192, 200]).rect([21, 43], [29, 57], colour);
      for (const x of [44, 54, 64, 74]) canvas.circle([x, 50], 1.4, detail);
      return canvas;
    case 'scarf':
      shape(SCARF).rect([44, 50], [60, 53], detail).rect([44, 64], [60, 67], detail);
      for (const x of [45, 49, 53, 57]) canvas.rect([x, 88], [x + 1.5, 94], colour);
      return canvas;
  }
}

const drawn = new Map<string, Buffer>();

/**
 * A PNG of one garment: made by the project at seed time, so no third-party photo is
 * shipped. The same picture is drawn once per process (every seeded test app asks again).
 */
export function drawGarment(picture: Picture): Buffer {
  const key = JSON.stringify(picture);
  let png = drawn.get(key);
  if (!png) {
    png = draw(new Canvas(SIZE, picture.background), picture).toPng();
    drawn.set(key, png);
  }
  return png;
}

/** The picture README's walkthrough uploads (docs/images/polo.png, written by `npm run sample-image`). */
export const SAMPLE_PICTURE: Picture = {
  garment: 'tshirt',
  colour: [40, 120, 90],
  background: [250, 244, 228],
};
