import { connect, type Socket } from 'node:net';

/**
 * Small TCP probes a scan runs against each address. Each opens one connection, sends at most one
 * request and gives up at its deadline; none sends credentials, so none can count as a failed login.
 */

/** Whether something accepts TCP connections on host:port within `timeoutMs`. */
export function tcpOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface HeaderReply {
  /** The status code of the first line (RTSP/1.0 200, HTTP/1.1 404, …). */
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
}

/**
 * Sends one request and reads the reply up to the end of its headers. RTSP and HTTP share this
 * head format; a reply longer than 16 KiB without the blank line, or none in time, gives null.
 */
export function requestHead(host: string, port: number, request: string, timeoutMs: number): Promise<HeaderReply | null> {
  return new Promise((resolve) => {
    let buffer = '';
    const socket: Socket = connect({ host, port });
    const finish = (reply: HeaderReply | null) => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(timeoutMs, () => finish(null));
    socket.once('error', () => finish(null));
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      const end = buffer.indexOf('\r\n\r\n');
      if (end >= 0) finish(parseHead(buffer.slice(0, end)));
      else if (buffer.length > 16 * 1024) finish(null);
    });
    socket.once('end', () => finish(parseHead(buffer)));
  });
}

export function parseHead(head: string): HeaderReply | null {
  const [first, ...lines] = head.split('\r\n');
  const status = /^(?:RTSP|HTTP)\/\d(?:\.\d)? (\d{3})/.exec(first ?? '');
  if (status === null) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(status[1]), headers };
}

/** An RTSP DESCRIBE without credentials: 200 the path streams openly, 401 it wants a login, 404 no such path. */
export function rtspDescribe(host: string, port: number, path: string, timeoutMs: number): Promise<HeaderReply | null> {
  const uri = `rtsp://${host}:${port}${path}`;
  return requestHead(host, port, `DESCRIBE ${uri} RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\nUser-Agent: Heldar-scan\r\n\r\n`, timeoutMs);
}

export function rtspOptions(host: string, port: number, timeoutMs: number): Promise<HeaderReply | null> {
  return requestHead(host, port, `OPTIONS rtsp://${host}:${port}/ RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: Heldar-scan\r\n\r\n`, timeoutMs);
}

export function httpHead(host: string, port: number, timeoutMs: number): Promise<HeaderReply | null> {
  return requestHead(host, port, `HEAD / HTTP/1.1\r\nHost: ${host}:${port}\r\nUser-Agent: Heldar-scan\r\nConnection: close\r\n\r\n`, timeoutMs);
}
