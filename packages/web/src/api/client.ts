/**
 * The one way the UI talks to the kernel: JSON over fetch with the session cookie (same origin), errors
 * turned into ApiError with the server's message for a person.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server has no such route at all (a feature this kernel does not have), not a missing record. */
  get routeMissing(): boolean {
    return this.status === 404 && this.message.startsWith('no route for');
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** Listeners told when the server says the session is gone (401 on an authenticated call). */
const unauthorizedListeners = new Set<() => void>();

export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Do not announce a 401 as an ended session (the login call itself, the first session check). */
  quiet401?: boolean;
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' }, signal: options.signal, credentials: 'same-origin' };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e: unknown) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check the connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page): the status line says enough.
      parsed = undefined;
    }
  }
  if (!res.ok) {
    const err = parsed as { error?: string; message?: string } | undefined;
    const error = new ApiError(res.status, err?.error ?? `http_${res.status}`, err?.message ?? `${res.status} ${res.statusText}`);
    if (res.status === 401 && !options.quiet401) for (const listener of unauthorizedListeners) listener();
    throw error;
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Query, options?: RequestOptions) => request<T>('GET', withQuery(path, query), undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, body, options),
  delete: <T = void>(path: string, query?: Query, options?: RequestOptions) => request<T>('DELETE', withQuery(path, query), undefined, options),
};

/** A message for a person from anything thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}
