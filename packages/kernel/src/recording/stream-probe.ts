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
