/** The names between braces in a message template: `'Stock insuffisant pour {name}.'` gives `'name'`. */
export type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

type Values<P extends string> = [P] extends [never] ? [] : [values: Record<P, string | number>];

/**
 * One answer of the contract: a stable code for programs, its HTTP status, and its French
 * message for people. What a route declares and what the OpenAPI document lists.
 */
export interface ErrorInfo {
  readonly code: string;
  readonly statusCode: number;
  /** The message; a `{name}` in it is filled in when the error is raised. */
  readonly detail: string;
  /**
   * 422 entries only: the `type` of the one `{loc, msg, type}` item the answer carries
   * (every 422 has FastAPI's list shape); `value_error` when not given.
   */
  readonly validationType?: string;
}

/**
 * An entry of the catalogue: calling it gives the error to throw, with the values its
 * message names (none for most), so the message is written once, in the catalogue.
 */
export interface ErrorEntry<P extends string = never> extends ErrorInfo {
  (...values: Values<P>): AppError;
}

/** Every failure a client may cause is an AppError, raised from an entry of the catalogue. */
export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;

  constructor(
    readonly entry: ErrorInfo,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'AppError';
    this.code = entry.code;
    this.statusCode = entry.statusCode;
  }
}

const fill = (template: string, values: Record<string, string | number> | undefined): string =>
  values === undefined
    ? template
    : template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));

/** An entry of the catalogue; only src/shared/error-catalog.ts calls this. */
export function defineError<const T extends string>(
  statusCode: number,
  code: string,
  detail: T,
  options: { validationType?: string } = {},
): ErrorEntry<Placeholders<T>> {
  const raise = (values?: Record<string, string | number>): AppError =>
    new AppError(entry, fill(detail, values));
  const entry = Object.assign(raise, { code, statusCode, detail, ...options });
  return entry as ErrorEntry<Placeholders<T>>;
}

/**
 * The entry with its placeholders filled by values known when the app is built (a limit of
 * the configuration, say): same code and status, a complete message to raise and to document.
 */
export function withValues<P extends string>(
  entry: ErrorEntry<P>,
  values: Record<P, string | number>,
): ErrorEntry {
  const { code, statusCode, validationType } = entry;
  const detail = fill(entry.detail, values);
  const fixed: ErrorEntry = Object.assign(() => new AppError(fixed, detail), {
    code,
    statusCode,
    detail,
    ...(validationType && { validationType }),
  });
  return fixed;
}

/**
 * The store cannot be reached right now (connection refused, lost, timed out): not a
 * fault of the request nor of our code. Each store raises it for its own failures, so
 * the HTTP layer maps one type to 503 without knowing which database is behind.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
