import type { Queryable } from './db.js';

/** What makes a statement more than a plain read: it writes, locks rows, or takes a lock of its own. */
const WRITES_OR_LOCKS =
  /\b(INSERT|UPDATE|DELETE|MERGE|FOR\s+(UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)|pg_advisory\w*|nextval|setval)\b/i;

/** True for a statement that can never wait on a row lock: a SELECT that writes and locks nothing. */
export function isPlainRead(text: string): boolean {
  return /^\s*SELECT\b/i.test(text) && !WRITES_OR_LOCKS.test(text);
}

/**
 * Issue 28, "one stall, one victim". Pipelined statements run one after another on their
 * connection, so a write waiting on a row lock would stall every request of the instance behind
 * it. Plain reads never wait on a row lock: they stay pipelined. Everything else (a write, a
 * locking read, a CTE) goes to `writes`, where each statement has a connection to itself and
 * a stalled one holds up only its own request. Decided from the text, so a new statement is
 * routed rightly without anyone remembering to: when in doubt, it is not a plain read.
 */
export function routedStatements(reads: Queryable, writes: Queryable): Queryable {
  const verdicts = new Map<string, boolean>();
  return {
    query: (text, values) => {
      let read = verdicts.get(text);
      if (read === undefined) {
        read = isPlainRead(text);
        verdicts.set(text, read);
      }
      return (read ? reads : writes).query(text, values);
    },
  };
}
