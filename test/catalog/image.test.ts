import { describe, expect, it } from 'vitest';
import { detectImageType, STORED_IMAGE_NAME } from '../../src/catalog/image.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((part) => (typeof part === 'string' ? Array.from(Buffer.from(part, 'latin1')) : part)),
  );

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('detectImageType: the type told by the first bytes', () => {
  it.each([
    ['a PNG', bytes(PNG_SIGNATURE, [0, 0, 0, 13]), 'png', 'image/png'],
    ['a JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'jpg', 'image/jpeg'],
    ['a GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'gif', 'image/gif'],
    ['a GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'gif', 'image/gif'],
    ['a WebP', bytes('RIFF', [26, 0, 0, 0], 'WEBPVP8 '), 'webp', 'image/webp'],
  ])('recognises %s', (_name, input, extension, contentType) => {
    expect(detectImageType(input)).toEqual({ extension, contentType });
  });

  it.each([
    ['a WAV file (RIFF, but not WebP)', bytes('RIFF', [26, 0, 0, 0], 'WAVEfmt ')],
    ['WEBP at the wrong place', bytes('RIFFWEBP', [0, 0, 0, 0])],
    ['a PNG signature cut short', bytes(PNG_SIGNATURE.slice(0, 7))],
    ['a PNG signature with one byte wrong', bytes([...PNG_SIGNATURE.slice(0, 7), 0x0b])],
    ['a JPEG start cut short', bytes([0xff, 0xd8])],
    ['a GIF of an unknown version', bytes('GIF88a', [1, 0])],
    ['HTML', bytes('<html></html>')],
    ['nothing', bytes()],
  ])('refuses %s', (_name, input) => {
    expect(detectImageType(input)).toBeNull();
  });
});

describe('STORED_IMAGE_NAME: only names the server generated', () => {
  const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it.each(['png', 'jpg', 'gif', 'webp'])('accepts a lower-case UUID with the .%s extension', (extension) => {
    expect(STORED_IMAGE_NAME.exec(`${uuid}.${extension}`)?.[1]).toBe(extension);
  });

  it.each([
    `../${uuid}.png`,
    `x${uuid}.png`,
    `${uuid}.png.html`,
    `${uuid}.svg`,
    `${uuid}.jpeg`,
    `${uuid}png`,
    `${uuid.toUpperCase()}.png`,
    `${uuid.replace(/-/g, '')}.png`,
    `${uuid.slice(1)}.png`,
    `0${uuid}.png`,
    `${uuid.replace('0f8fad5b', 'zf8fad5b')}.png`,
    `${uuid.replace('-d9cb-', '-d9cbb-')}.png`,
    `${uuid.replace('-469f-', '-69f-')}.png`,
    `${uuid.replace('-a165-', '-a1655-')}.png`,
    `${uuid.replace('70867728950e', '70867728950')}.png`,
    `${uuid.replace('70867728950e', '70867728950ee')}.png`,
    '.png',
  ])('refuses %s', (name) => {
    expect(STORED_IMAGE_NAME.test(name)).toBe(false);
  });
});
