/**
 * What makes a memory unit of work all-or-nothing: every write made through a unit's
 * repositories records its inverse here, and a unit that throws replays them newest
 * first. Repositories used outside a unit get `NO_UNDO`, which records nothing.
 */
export interface UndoRecorder {
  record(undo: () => void): void;
}

const NO_UNDO: UndoRecorder = { record: () => {} };

export class UndoLog implements UndoRecorder {
  private readonly steps: (() => void)[] = [];

  record(undo: () => void): void {
    this.steps.push(undo);
  }

  rollback(): void {
    for (let i = this.steps.length - 1; i >= 0; i -= 1) (this.steps[i] as () => void)();
    this.steps.length = 0;
  }
}

/** Runs one task at a time, in arrival order: memory units do not interleave, as PostgreSQL's locks would not let them. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => {});
    return result;
  }
}

/**
 * Base of the memory stores that units of work write. `inUnit` returns a view sharing
 * this store's state (through the prototype) whose writes record their inverses, so
 * every field holding state must be an object mutated in place, never reassigned.
 */
export abstract class UndoableStore {
  protected undo: UndoRecorder = NO_UNDO;

  inUnit(undo: UndoRecorder): this {
    const view = Object.create(this) as this;
    view.undo = undo;
    return view;
  }
}
