import http from 'node:http';
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent exactly as given: a string is UTF-8, a Buffer may hold any bytes (invalid UTF-8 included). */
  body?: string | Buffer;
  /** Fails the request when no complete answer came within this long (default 15 s). */
  timeoutMs?: number;
}

/** One real HTTP request over loopback to a listening kernel (`base` as `kernel.listen()` returns it). */
export async function httpRequest(base: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise<RawResponse>((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method ?? 'GET', path: request.path, headers: request.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(request.timeoutMs ?? 15_000, () => req.destroy(new Error(`no answer within ${request.timeoutMs ?? 15_000} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Writes raw bytes on a fresh TCP connection and returns everything the server sent until it closed. */
export async function rawExchange(base: string, bytes: string | Buffer): Promise<string> {
  const url = new URL(base);
  return new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The `{ error, message }` body of an error answer; throws when the body has any other shape. */
export function errorOf(body: string): { error: string; message: string } {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  const keys = Object.keys(parsed).sort().join(',');
  if (keys !== 'error,message' || typeof parsed.error !== 'string' || typeof parsed.message !== 'string' || parsed.message === '') {
    throw new Error(`not an error body of the shape {error, message}: ${body.slice(0, 300)}`);
  }
  return { error: parsed.error, message: parsed.message };
}
