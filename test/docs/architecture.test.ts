import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ARCHITECTURE = readFileSync('ARCHITECTURE.md', 'utf8');
const MAX_LINES = 150;

/** Backticked paths under the folders a reader can open: `src/…`, `test/…`, `migrations/…`, … */
function namedPaths(markdown: string): string[] {
  const spans = [...markdown.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');
  return spans.filter((span) => /^(src|test|migrations|scripts|docs)\/\S*$/.test(span));
}

/** A path segment with `*` or `<name>` placeholders matches any entry of its folder. */
const segmentPattern = (segment: string): RegExp =>
  new RegExp(
    `^${segment
      .split(/(\*|<[^>]+>)/)
      .map((part) =>
        part === '*' || /^<[^>]+>$/.test(part) ? '.+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('')}$`,
  );

/** Whether some file or folder matches `path`, each wildcard segment tried against its folder. */
function pathExists(path: string, root = '.'): boolean {
  const segments = path.replace(/\/$/, '').split('/');
  const walk = (dir: string, rest: string[]): boolean => {
    const [head, ...tail] = rest;
    if (head === undefined) return true;
    if (!/[*<]/.test(head)) return existsSync(join(dir, head)) && walk(join(dir, head), tail);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return false;
    const pattern = segmentPattern(head);
    return readdirSync(dir).some((entry) => pattern.test(entry) && walk(join(dir, entry), tail));
  };
  return walk(root, segments);
}

describe('ARCHITECTURE.md', () => {
  it(`stays short: at most ${MAX_LINES} lines`, () => {
    expect(ARCHITECTURE.trimEnd().split('\n').length).toBeLessThanOrEqual(MAX_LINES);
  });

  it('names only paths the repository has', () => {
    const paths = namedPaths(ARCHITECTURE);
    expect(paths.length).toBeGreaterThanOrEqual(40);
    const missing = paths.filter((path) => !pathExists(path));
    expect(missing).toEqual([]);
  });

  it('checks paths with placeholders, not only plain ones', () => {
    expect(pathExists('test/<domain>/')).toBe(true);
    expect(pathExists('src/*/pg-*.ts')).toBe(true);
    expect(pathExists('src/<domain>/no-such-file.ts')).toBe(false);
    expect(pathExists('src/orders/no-such-file.ts')).toBe(false);
    expect(namedPaths('`src/a.ts` and `npm test` and `test/b/` and `src/x y`')).toEqual([
      'src/a.ts',
      'test/b/',
    ]);
  });
});
