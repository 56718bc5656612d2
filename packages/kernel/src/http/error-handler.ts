import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { quote } from '../quote.js';
import { validationMessage } from './validation-message.js';

/** Longest message an error answer carries; a service message quoting a hostile value is cut here. */
const MAX_MESSAGE = 300;

const KINDS: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  411: 'length_required',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  422: 'unprocessable',
  429: 'too_many_requests',
  431: 'headers_too_large',
};

/** The `error` field for a status: the kind the API documents, `bad_request` for unusual 4xx. */
export function errorKind(status: number): string {
  return KINDS[status] ?? (status >= 500 ? 'internal' : 'bad_request');
}

/** The one error body: `{ error, message }`, the message bounded. */
export function errorBody(kind: string, message: string): { error: string; message: string } {
  return { error: kind, message: quote(message, MAX_MESSAGE, false) };
}

/**
 * The one mapping from errors to HTTP responses: `{ error, message }` with the status that fits,
 * whichever layer failed (a service, the schema, the body parser, Fastify's router). 5xx bodies
 * never carry internals; the details go to the log. Node's own HTTP parser errors (431, 400, 408)
 * are answered in the same shape by `clientErrorResponse` (installed on the server in buildApp).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) return send(reply, error.status, error.kind, error.message);
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      return send(reply, 400, 'bad_request', validationMessage(fastifyError.validation, fastifyError.validationContext));
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) return send(reply, status, errorKind(status), clientMessage(fastifyError, request));
    request.log.error({ err: error }, 'request failed');
    return send(reply, 500, 'internal', 'internal server error; the details are in the server log');
  });

  app.setNotFoundHandler((request, reply) => send(reply, 404, 'not_found', `no route for ${request.method} ${quote(request.url.split('?')[0] ?? '', 60, false)}`));
}

/** Fastify's `frameworkErrors`: a URL the router cannot even take apart. */
export function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void send(reply, 414, 'uri_too_long', 'a part of the path is too long (at most 100 characters)');
    return;
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    void send(reply, 400, 'bad_request', 'the URL is not valid (check its percent-encoding)');
    return;
  }
  reply.log.error({ err: error }, 'request failed in the router');
  void send(reply, 500, 'internal', 'internal server error; the details are in the server log');
}

function send(reply: FastifyReply, status: number, kind: string, message: string): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').send(errorBody(kind, message));
}

/** Fastify's own client errors, in Heldar's words; none of them repeats what was sent beyond a short prefix. */
function clientMessage(error: FastifyError, request: FastifyRequest): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `the Content-Type ${quote(request.headers['content-type'] ?? '')} is not accepted here; send application/json`;
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'the Content-Length header does not match the body';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the request body is empty; send a JSON value or leave out the Content-Type header';
    default:
      return quote(error.message, 120, false);
  }
}

const REASONS: Readonly<Record<number, string>> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * The raw answer for a request Node's HTTP parser refused before Fastify saw it (headers or URL over
 * the size limit, malformed request line, a request that took too long): same `{ error, message }`
 * shape, then the connection closes.
 */
export function clientErrorResponse(code: string | undefined): Buffer {
  const [status, message] =
    code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'the request line and headers are too large (at most 16 KiB)']
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request took too long to arrive']
        : [400, 'the request is not valid HTTP'];
  const body = JSON.stringify(errorBody(errorKind(status), message));
  return Buffer.from(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
