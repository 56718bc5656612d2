/**
 * The one way the UI talks to the kernel: `http`, an openapi-fetch client typed by the kernel's own
 * OpenAPI document (openapi.gen.ts), with the session cookie (same origin). `unwrap` turns its answer
 * into the data or an ApiError carrying the server's message for a person.
 */
import createClient from 'openapi-fetch';
import type { paths } from './openapi.gen';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Listeners told when the server says the session is gone (401 on an authenticated call). */
const unauthorizedListeners = new Set<() => void>();

export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export const http = createClient<paths>({ credentials: 'same-origin', headers: { accept: 'application/json' } });

export interface UnwrapOptions {
  /** Do not announce a 401 as an ended session (the login call itself, the first session check). */
  quiet401?: boolean;
}

interface FetchAnswer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's data, or an ApiError; a failed connection becomes an ApiError with status 0. */
export async function unwrap<T>(call: Promise<FetchAnswer<T>>, options: UnwrapOptions = {}): Promise<T> {
  let answer: FetchAnswer<T>;
  try {
    answer = await call;
  } catch (e: unknown) {
    if (isAbort(e)) throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check the connection and try again.');
  }
  const { response } = answer;
  if (response.ok) return answer.data as T;
  const body = (typeof answer.error === 'object' && answer.error !== null ? answer.error : {}) as { error?: unknown; message?: unknown };
  const error = new ApiError(
    response.status,
    typeof body.error === 'string' ? body.error : `http_${response.status}`,
    // Not JSON (a proxy's error page): the status line says enough.
    typeof body.message === 'string' ? body.message : `${response.status} ${response.statusText}`,
  );
  if (response.status === 401 && !options.quiet401) for (const listener of unauthorizedListeners) listener();
  throw error;
}

/** Query parameters without the empty ones (an empty filter box means "no filter", not `?kind=`). */
export function compactQuery<T extends Record<string, unknown>>(query: T): T {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== '')) as T;
}

/** A message for a person from anything thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}
