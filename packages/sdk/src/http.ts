/** An HTTP answer other than success, with the kernel's `{error, message}`. */
export class HeldarHttpError extends Error {
  override name = 'HeldarHttpError';
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

/** The kernel's error answer as a HeldarHttpError. */
export async function httpError(res: Response): Promise<HeldarHttpError> {
  let kind = 'http_error';
  let message = `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: unknown; message?: unknown };
    if (typeof body.error === 'string') kind = body.error;
    if (typeof body.message === 'string') message = `${body.message} (HTTP ${res.status})`;
  } catch {
    // Not JSON (a proxy's error page): the status alone says enough.
  }
  return new HeldarHttpError(res.status, kind, message);
}

/** 400, 401, 403, 422: retrying the same registration cannot succeed. */
export function isPermanent(e: unknown): boolean {
  return e instanceof HeldarHttpError && [400, 401, 403, 422].includes(e.status);
}
