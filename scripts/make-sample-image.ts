/**
 * `npm run sample-image`: writes docs/images/polo.png, the picture README's walkthrough
 * uploads, drawn by the project like the demo pictures (a test checks the committed file
 * is exactly what this draws).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { drawGarment, SAMPLE_PICTURE } from '../src/seed/demo-images.js';

const SAMPLE_IMAGE_PATH = 'docs/images/polo.png';

await mkdir('docs/images', { recursive: true });
await writeFile(SAMPLE_IMAGE_PATH, drawGarment(SAMPLE_PICTURE));
console.log(`wrote ${SAMPLE_IMAGE_PATH}`);
