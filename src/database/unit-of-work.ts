/**
 * Runs several repository calls as one unit, all applied or none, with the same meaning
 * in both backends: in PostgreSQL one transaction; in memory one unit at a time with an
 * undo log replayed when the work throws. `S` is the stores the unit may touch, so a
 * service that reaches for another store inside its unit does not compile.
 */
export interface UnitOfWork<S> {
  run<T>(work: (stores: S) => Promise<T>): Promise<T>;
}
