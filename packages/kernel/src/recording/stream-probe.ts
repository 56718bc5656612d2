import { connect, type Socket } from 'node:net';

/**
 * Whether the camera behind a stream URL answers now — a check cheap enough to run every half
 * second while a camera is away, so the recorder can start ffmpeg again the moment it is back instead
 * of at the end of a long backoff. Never throws: false means "not answering".
 */
export type StreamProbe = (url: string, timeoutMs: number) => Promise<boolean>;

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'rtsp:': 554, 'rtsps:': 322, 'http:': 80, 'https:': 443 };

/**
 * rtsp://: a TCP connection and an `OPTIONS` request (no credentials needed, no session made) that
 * gets an RTSP status below 500 — a camera whose server is up but refuses (503, or closing the
 * connection) is not back yet. rtsps://, http(s)://: the TCP connection alone. Anything else (a file)
 * cannot be probed and counts as answering.
 */
export const probeStream: StreamProbe = async (url, timeoutMs) => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: a file path, which has no server to wait for.
    return true;
  }
  const defaultPort = DEFAULT_PORTS[parsed.protocol];
  if (defaultPort === undefined) return true;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port === '' ? defaultPort : Number(parsed.port);
  const request = parsed.protocol === 'rtsp:' ? `OPTIONS rtsp://${parsed.host}${parsed.pathname} RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: heldar-probe\r\n\r\n` : null;
  return new Promise<boolean>((resolve) => {
    let socket: Socket | null = null;
    let answer = '';
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket?.destroy();
      socket = null;
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket = connect({ host, port });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
    socket.on('connect', () => {
      if (request === null) done(true);
      else socket?.write(request);
    });
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const status = /^RTSP\/\d\.\d (\d{3})/.exec(answer);
      if (status) done(Number(status[1]) < 500);
      else if (answer.length > 64 || answer.includes('\n')) done(false);
    });
  });
};

/** While a camera is away, whether it answers is checked this often... */
const PROBE_INTERVAL_MS = 500;
/** ...each check given this long. */
const PROBE_TIMEOUT_MS = 1000;

/**
 * Waits up to `maxMs` before the next attempt, checking every half second whether the camera answers;
 * once it did not and now does, the wait ends at once — a camera that comes back is recorded within
 * about a second instead of at the end of a backoff of up to 30 s. A camera that answers all along
 * (its server is up, its stream fails) waits the whole `maxMs`: nothing says it is back.
 */
export async function waitUntilAnswering(
  url: string,
  maxMs: number,
  deps: { probe: StreamProbe; now: () => number; pause: (ms: number) => Promise<void>; signal: AbortSignal },
): Promise<void> {
  const until = deps.now() + maxMs;
  let away = false;
  while (!deps.signal.aborted) {
    const left = until - deps.now();
    if (left <= 0) return;
    const answers = await deps.probe(url, Math.min(PROBE_TIMEOUT_MS, left));
    if (answers && away) return;
    if (!answers) away = true;
    await deps.pause(Math.min(PROBE_INTERVAL_MS, until - deps.now()));
  }
}
