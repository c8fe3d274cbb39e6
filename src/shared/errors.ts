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

export class TooManyRequestsError extends AppError {
  readonly statusCode = 429;
}
