import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES } from '../../src/config.js';
import { drawGarment, SAMPLE_PICTURE } from '../../src/seed/demo-images.js';

const markdownFiles = (): string[] => [
  ...readdirSync('.').filter((name) => name.endsWith('.md')),
  ...readdirSync('docs', { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name)),
];

describe('the repository documents itself', () => {
  it('lists every variable src/config.ts reads in README and .env.example', () => {
    const readme = readFileSync('README.md', 'utf8');
    const example = readFileSync('.env.example', 'utf8');
    expect(ENV_VARIABLES.length).toBeGreaterThanOrEqual(16);
    for (const name of ENV_VARIABLES) {
      expect(readme, name).toContain(`| \`${name}\` |`);
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });

  it('points nowhere outside itself', () => {
    for (const file of markdownFiles()) expect(readFileSync(file, 'utf8'), file).not.toMatch(/\.\.\/shared/);
  });

  it('links only to files it has', () => {
    for (const file of markdownFiles()) {
      const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)) {
        expect(() => readFileSync(join(dir, target ?? '')), `${file} → ${target}`).not.toThrow();
      }
    }
  });

  it('ships the walkthrough’s sample picture exactly as the project draws it', () => {
    expect(readFileSync('docs/images/polo.png').equals(drawGarment(SAMPLE_PICTURE))).toBe(true);
  });
});
