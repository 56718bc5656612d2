import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** A bare RTSP client for checking status codes and headers exactly; skips interleaved media. */
export class RawRtsp {
  private buf = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }

  static open(port: number): Promise<RawRtsp> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawRtsp(s)));
      s.once('error', reject);
    });
  }

  async request(method: string, uri: string, cseq: number, headers: Record<string, string> = {}): Promise<RawResponse | undefined> {
    const lines = [`${method} ${uri} RTSP/1.0`, `CSeq: ${cseq}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    this.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    return this.next();
  }

  /** Sends bytes as they are (for malformed requests). */
  sendRaw(text: string): Promise<RawResponse | undefined> {
    this.socket.write(text);
    return this.next();
  }

  private async next(): Promise<RawResponse | undefined> {
    for (;;) {
      while (this.buf[0] === 0x24 && this.buf.length >= 4 && this.buf.length >= 4 + this.buf.readUInt16BE(2)) {
        this.buf = this.buf.subarray(4 + this.buf.readUInt16BE(2));
      }
      const end = this.buf.indexOf('\r\n\r\n');
      if (this.buf[0] !== 0x24 && end >= 0) {
        const head = this.buf.subarray(0, end).toString('latin1').split('\r\n');
        const headers = new Map<string, string>();
        for (const l of head.slice(1)) headers.set(l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim());
        const len = Number(headers.get('content-length') ?? 0);
        if (this.buf.length >= end + 4 + len) {
          const body = this.buf.subarray(end + 4, end + 4 + len).toString('utf8');
          this.buf = this.buf.subarray(end + 4 + len);
          return { status: Number(head[0]?.split(' ')[1]), headers, body };
        }
      }
      if (this.closed) return undefined;
      await new Promise<void>((r) => (this.waiting = r));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
