import { Conflict, NotFound, TooManyRequests, type AppError } from '../../errors.js';
import type { LiveUnavailableError } from './live-types.js';

/** Why a viewer cannot watch, as the HTTP answer every live route gives: 404, 409 or 429. */
export function liveHttpError(e: LiveUnavailableError): AppError {
  switch (e.code) {
    case 'unknown_camera':
    case 'no_sub_stream':
      return new NotFound(e.message);
    case 'camera_disabled':
      return new Conflict(e.message);
    case 'too_many_viewers':
      return new TooManyRequests(e.message);
  }
}
