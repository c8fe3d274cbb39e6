import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FRAMEWORK_ERRORS } from '../../src/platform/framework-errors.js';
import { JSON_TOO_DEEP } from '../../src/platform/json-parser.js';
import { Errors, FieldMessages } from '../../src/shared/error-catalog.js';

const HTTP_API = readFileSync('docs/http-api.md', 'utf8');

/** Quoted texts of the contract that are not the API's error messages. */
const NOT_OURS = new Set([
  'Not Found', // the original server's English, quoted as what this one no longer says
  'Trop grand : nombre doit être <=12', // zod's own French, as an example
]);

/** The contract's messages as sent: the catalogue's, with the values the app fills in. */
const SENT = [
  ...Object.values(Errors).map((entry) => entry.detail),
  ...Object.values(FRAMEWORK_ERRORS).map((entry) => entry.detail),
  JSON_TOO_DEEP.detail,
  ...Object.values(FieldMessages),
];

/** Every `quoted` span of the document that reads as a sentence: a capital, a space, no header or path. */
const quotedSentences = (markdown: string): string[] =>
  [...new Set([...markdown.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? ''))].filter(
    (text) => /^\p{Lu}/u.test(text) && text.includes(' ') && !/^[\w-]+: |^[A-Z]+ \//.test(text),
  );

describe('docs/http-api.md', () => {
  it('quotes only messages the API sends, word for word', () => {
    const quoted = quotedSentences(HTTP_API);
    expect(quoted.length).toBeGreaterThan(40);
    expect(quoted.filter((text) => !NOT_OURS.has(text) && !SENT.includes(text))).toEqual([]);
  });

  it('names the message of each 429', () => {
    const row = HTTP_API.split('\n').find((line) => line.startsWith('| 429 |')) ?? '';
    for (const entry of [Errors.tooManyAttempts, Errors.rateLimited, Errors.tooManyOpenThreads])
      expect(row).toContain(`\`${entry.detail}\``);
  });
});
