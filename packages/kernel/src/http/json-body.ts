import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../errors.js';
import { quote } from '../quote.js';
import { textProblem } from '../contract/text-format.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses every JSON request body, replacing Fastify's parser so that the rules hold for every route
 * before any schema runs: the bytes are UTF-8 (no silent U+FFFD), numbers are finite safe numbers
 * (`1e999` parses to Infinity in JavaScript), strings are valid text (see text-format.ts), and no
 * key can reach an object's prototype (`__proto__`, `constructor.prototype`). Each refusal is a
 * 400 naming the field, never "not valid JSON". JSON is the only body the API reads: Fastify's
 * text/plain parser is removed, so any other type is a 415 on every route, not silently accepted by
 * the routes that ignore their body.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (e: unknown) {
      done(e as Error, undefined);
    }
  });
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) throw new BadRequest('the request body is empty; send a JSON value or leave out the Content-Type header');
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch (e: unknown) {
    throw new BadRequest('the request body is not valid UTF-8', { cause: e });
  }
  try {
    return JSON.parse(text, checkValue) as unknown;
  } catch (e: unknown) {
    if (e instanceof BadRequest) throw e;
    if (e instanceof RangeError) throw new BadRequest('the request body is nested too deeply', { cause: e });
    const reason = e instanceof Error ? e.message : String(e);
    throw new BadRequest(`the request body is not valid JSON: ${quote(reason, 100, false)}`, { cause: e });
  }
}

/** JSON.parse's reviver: sees every key and value, innermost first. */
function checkValue(this: unknown, key: string, value: unknown): unknown {
  if (key === '__proto__') throw new BadRequest('the field name "__proto__" is not allowed');
  if (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype')) {
    throw new BadRequest('the field "constructor" may not hold a "prototype"');
  }
  const keyProblem = textProblem(key);
  if (keyProblem !== null) throw new BadRequest(`a field name ${keyProblem}`);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new BadRequest(`${fieldLabel(key)} must be a finite number`);
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      throw new BadRequest(`${fieldLabel(key)} must be between ${-Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`);
    }
  } else if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem !== null) throw new BadRequest(`${fieldLabel(key)} ${problem}`);
  }
  return value;
}

function fieldLabel(key: string): string {
  if (key === '') return 'the request body';
  if (/^\d+$/.test(key)) return `item ${key} of a list`;
  return quote(key, 60, false);
}
