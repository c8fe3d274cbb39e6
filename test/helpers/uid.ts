let counter = 0;

/**
 * A name no other test (nor an earlier run against the same database) has used: a counter for
 * this process, and a random part for other processes and runs.
 */
export const uid = (prefix: string): string =>
  `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
