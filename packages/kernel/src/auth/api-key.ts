import type { ApiKeyRow } from '../db/schema.js';
import { KEY_SCOPES, type KeyScope } from './principal.js';

/**
 * An API key as the kernel works with it: its scopes as a list. The API key repository is the only
 * place that sees the stored comma-separated text.
 */
export type ApiKey = Omit<ApiKeyRow, 'scopes'> & { scopes: KeyScope[] };

/** The known scopes among `scopes`, in their canonical order, each once. */
export function normalizeScopes(scopes: readonly string[]): KeyScope[] {
  return KEY_SCOPES.filter((s) => scopes.includes(s));
}

export function apiKeyFromRow(row: ApiKeyRow): ApiKey {
  return { ...row, scopes: normalizeScopes(row.scopes.split(',')) };
}

export function apiKeyRow(key: ApiKey): ApiKeyRow {
  return { ...key, scopes: key.scopes.join(',') };
}
