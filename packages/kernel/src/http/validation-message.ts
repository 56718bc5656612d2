import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { quote } from '../quote.js';
import { SINGLE_LINE } from '../contract/text-format.js';

/**
 * Turns the first schema validation error into a sentence a person understands, naming the field:
 * `segment_seconds must be at least 2`, `unknown field "segment_second"`, `record_mode must be one
 * of continuous, scheduled, event, scheduled_event`.
 */
export function validationMessage(errors: readonly FastifySchemaValidationError[], context: string | undefined): string {
  const error = errors[0];
  if (error === undefined) return 'the request is not valid';
  // Field names come from the request too (a list index, an unknown key): quoted short.
  const base = quote(fieldName(error.instancePath), 80, false);
  const params = error.params as Record<string, unknown>;
  const where = base === '' ? (context === 'body' ? 'the request body' : context ?? 'the request') : base;
  const child = (name: unknown) => quote(base === '' ? String(name) : `${base}.${String(name)}`, 80, false);
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown field "${child(params.additionalProperty)}"`;
    case 'required':
      return `${child(params.missingProperty)} is required`;
    case 'enum':
      return `${where} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      return `${where} must be ${article(String(params.type))}`;
    case 'minimum':
      return `${where} must be at least ${String(params.limit)}`;
    case 'maximum':
      return `${where} must be at most ${String(params.limit)}`;
    case 'minLength':
      return params.limit === 1 ? `${where} must not be empty` : `${where} must be at least ${String(params.limit)} characters`;
    case 'maxLength':
      return `${where} must be at most ${String(params.limit)} characters`;
    case 'maxItems':
      return `${where} may hold at most ${String(params.limit)} items`;
    case 'minProperties':
      return `${where} must set at least one field`;
    case 'format':
      if (params.format === SINGLE_LINE) return `${where} must be one line of text without control characters`;
      return `${where} must be ${params.format === 'date-time' ? 'an RFC 3339 time such as 2024-05-01T12:00:00Z' : `a valid ${String(params.format)}`}`;
    case 'pattern':
      return `${where} has an invalid format (expected to match ${String(params.pattern)})`;
    default:
      return `${where} ${error.message ?? 'is not valid'}`;
  }
}

/** `/schedules/0/days` → `schedules[0].days` */
function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

function article(type: string): string {
  const name = type.replace(/,/g, ' or ');
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}
