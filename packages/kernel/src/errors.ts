/**
 * One error type per kind. Services throw these; the HTTP layer maps each to its status in one place
 * (http/error-handler.ts). Messages are written for a person and must never carry a secret.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly kind: string;
}

export class BadRequest extends AppError {
  readonly status = 400;
  readonly kind = 'bad_request';
  override name = 'BadRequest';
}

export class Unauthorized extends AppError {
  readonly status = 401;
  readonly kind = 'unauthorized';
  override name = 'Unauthorized';
}

export class Forbidden extends AppError {
  readonly status = 403;
  readonly kind = 'forbidden';
  override name = 'Forbidden';
}

export class NotFound extends AppError {
  readonly status = 404;
  readonly kind = 'not_found';
  override name = 'NotFound';
}

export class Conflict extends AppError {
  readonly status = 409;
  readonly kind = 'conflict';
  override name = 'Conflict';
}

export class PayloadTooLarge extends AppError {
  readonly status = 413;
  readonly kind = 'payload_too_large';
  override name = 'PayloadTooLarge';
}

export class Unprocessable extends AppError {
  readonly status = 422;
  readonly kind = 'unprocessable';
  override name = 'Unprocessable';
}

export class TooManyRequests extends AppError {
  readonly status = 429;
  readonly kind = 'too_many_requests';
  override name = 'TooManyRequests';
}

export class ServiceUnavailable extends AppError {
  readonly status = 503;
  readonly kind = 'unavailable';
  override name = 'ServiceUnavailable';
}

/** A device Heldar talked to on the caller's behalf (a camera) failed or answered nonsense. */
export class BadGateway extends AppError {
  readonly status = 502;
  readonly kind = 'bad_gateway';
  override name = 'BadGateway';
}
