/**
 * Every failure a client may cause is an AppError: a stable code for programs,
 * the contract's French `detail` for people, and the HTTP status it maps to.
 */
export abstract class AppError extends Error {
  abstract readonly statusCode: number;

  constructor(
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class BusinessRuleError extends AppError {
  readonly statusCode = 400;
}

export class UnauthorizedError extends AppError {
  readonly statusCode = 401;
}

export class ForbiddenError extends AppError {
  readonly statusCode = 403;
}

export class NotFoundError extends AppError {
  readonly statusCode = 404;
}

export class ConflictError extends AppError {
  readonly statusCode = 409;
}

/** Well-formed input the rules refuse, like the 422s of the schemas, caught past them. */
export class InvalidInputError extends AppError {
  readonly statusCode = 422;
}

export class TooManyRequestsError extends AppError {
  readonly statusCode = 429;
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
