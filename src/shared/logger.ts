/**
 * What a store writes its own events to (a pool's lost connection, the migrations it applied):
 * the app's logger, pino's shape, so they land in the same stream as the requests'.
 */
export interface Logger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
