import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../migrations');
/** Any constant: instances starting together migrate one after the other. */
const MIGRATION_LOCK = 727_001;

/**
 * Applies the SQL files of migrations/ not applied yet, in name order, each in its own
 * transaction, recording them in schema_migrations. Returns the versions applied.
 */
export async function migrate(sql: postgres.Sql): Promise<string[]> {
  // One connection for the lock's whole life: an advisory lock belongs to its session.
  const session = await sql.reserve();
  try {
    // A migration may take long, and waits for another instance's: the stores' timeouts are not for it.
    await session.unsafe('SET statement_timeout = 0');
    await session.unsafe('SET lock_timeout = 0');
    await session.unsafe('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await session.unsafe(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await session.unsafe<{ version: string }[]>('SELECT version FROM schema_migrations')).map(
        (r) => r.version,
      ),
    );
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
    const applied: string[] = [];
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      const text = await readFile(join(MIGRATIONS_DIR, file), 'utf8');
      await session.unsafe('BEGIN');
      try {
        // Without parameters, postgres.js sends the file as one simple query: several statements run.
        await session.unsafe(text);
        await session.unsafe('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await session.unsafe('COMMIT');
      } catch (err) {
        await session.unsafe('ROLLBACK').catch(() => {});
        throw err;
      }
      applied.push(version);
    }
    return applied;
  } finally {
    await session.unsafe('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    // Back to the connection's own settings (its start-up timeouts) before it serves the stores again.
    await session.unsafe('RESET statement_timeout; RESET lock_timeout').catch(() => {});
    session.release();
  }
}
