import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The floors of ARCHITECTURE.md's "Imports go one way": a file may import its own
 * folder or a lower floor, never a higher one. A new folder gets its floor here.
 */
const FLOORS: Record<string, number> = {
  shared: 0,
  'config.ts': 0.5,
  database: 1,
  platform: 2,
  mail: 2.5,
  auth: 3,
  catalog: 4,
  pricing: 5,
  shipping: 5.5,
  promotions: 5.5,
  cart: 6,
  orders: 7,
  legal: 7.5,
  support: 8,
  admin: 9,
  stores: 10,
  'context.ts': 11,
  startup: 11.5,
  seed: 12,
  'app.ts': 12,
  'main.ts': 13,
};

const SRC = resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The first segment under src/: a folder, or a file at the top. */
const unitOf = (file: string): string => relative(SRC, file).split('/')[0] ?? '';

/** Relative imports and re-exports (type-only included: they are arrows of the design too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+'(\.[^']+)'/g)].map(
    (m) => m[1] ?? '',
  );
  return targets.map((target) => resolve(dirname(file), target.replace(/\.js$/, '.ts')));
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('imports go one way, with no cycle', () => {
  it('every folder under src/ has a floor', () => {
    const units = [...new Set(files.map(unitOf))];
    expect(units.filter((unit) => FLOORS[unit] === undefined)).toEqual([]);
  });

  it('no file imports a higher floor', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => unitOf(target) !== unitOf(file))
        .filter((target) => (FLOORS[unitOf(target)] ?? Infinity) >= (FLOORS[unitOf(file)] ?? -Infinity))
        .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('no import cycle, inside a folder either', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) if (graph.has(target)) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
