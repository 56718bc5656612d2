import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { validationMessage } from './validation-message.js';

/**
 * The one mapping from errors to HTTP responses: `{ error, message }` with the status that fits.
 * 5xx bodies never carry internals; the details go to the log.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send({ error: error.kind, message: error.message });
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      return reply.status(400).send({
        error: 'bad_request',
        message: validationMessage(fastifyError.validation, fastifyError.validationContext),
      });
    }
    const status = fastifyError.statusCode ?? 500;
    if (status === 413) {
      return reply.status(413).send({ error: 'payload_too_large', message: 'the request body is too large' });
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (malformed JSON, wrong content type, …) have readable messages.
      return reply.status(status).send({ error: status === 415 ? 'unsupported_media_type' : 'bad_request', message: fastifyError.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'internal', message: 'internal server error; the details are in the server log' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0] ?? ''}` }),
  );
}
