import { BadGateway, BadRequest, Unprocessable } from '../errors.js';
import { OnvifError } from '../onvif/onvif-error.js';

/**
 * An ONVIF failure as the API reports it: a bad URL is the caller's (400), a refused user or
 * password is 422 (not 401, which would read as "your Heldar session ended"), anything else the
 * camera did is 502. Other errors pass through unchanged.
 */
export function onvifHttpError(e: unknown): unknown {
  if (!(e instanceof OnvifError)) return e;
  switch (e.kind) {
    case 'bad-url':
      return new BadRequest(e.message, { cause: e });
    case 'auth':
      return new Unprocessable(e.message, { cause: e });
    default:
      return new BadGateway(e.message, { cause: e });
  }
}
