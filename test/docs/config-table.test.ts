import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, ENV_VARIABLES, loadConfig } from '../../src/config.js';

interface DocumentedVariable {
  name: string;
  /** The default column as written, e.g. "`5242880` (5 MiB)" or "(none: in memory)". */
  cell: string;
}

/** The rows of README's configuration table: `| \`NAME\` | default | meaning |`. */
function configurationTable(readme: string): DocumentedVariable[] {
  const start = readme.indexOf('\n## Configuration\n');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]*) \|/gm)].map((match) => ({
    name: match[1] ?? '',
    cell: (match[2] ?? '').trim(),
  }));
}

/** The first backticked value of a cell, or undefined when the cell only says "(none…)" or "(off)". */
const documentedValue = (cell: string): string | undefined => /`([^`]*)`/.exec(cell)?.[1];

/** Every leaf value of the parsed configuration, as text, to find what a derived default became. */
function leaves(value: unknown): string[] {
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [String(value)];
}

const README = readFileSync('README.md', 'utf8');
const rows = configurationTable(README);
// The environment as the schema reads it with nothing set: each variable's own default.
const envDefaults: Record<string, unknown> = ConfigSchema.in.parse({});
const config = loadConfig({});

describe("README's configuration table", () => {
  it('documents exactly the variables the config schema reads, once each', () => {
    const names = rows.map((row) => row.name);
    expect(names.length).toBeGreaterThanOrEqual(16);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it.each(rows)('gives the default of $name as the schema has it', ({ name, cell }) => {
    expect(ENV_VARIABLES as readonly string[]).toContain(name);
    const documented = documentedValue(cell);
    const actual = envDefaults[name];
    if (documented === undefined) {
      // "(none: …)", "(off)": the variable has no value of its own when unset.
      expect(cell, name).toMatch(/^\(.+\)$/);
      expect([undefined, false], name).toContain(actual);
    } else if (actual === undefined) {
      // Derived from another variable (`http://localhost:<PORT>`): what the config makes of it.
      const derived = documented.replace(/<([A-Z0-9_]+)>/g, (_, other: string) => String(envDefaults[other]));
      expect(leaves(config), name).toContain(derived);
    } else {
      expect(documented, name).toBe(String(actual));
    }
  });
});
