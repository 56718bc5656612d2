export interface RtspRequest {
  method: string;
  uri: string;
  version: string;
  /** Header names lower-cased; a repeated header keeps its last value. */
  headers: ReadonlyMap<string, string>;
  body: Buffer;
}

export type RtspMessage =
  | { type: 'request'; request: RtspRequest }
  /** RTP/RTCP a client sends on the RTSP connection (e.g. ffmpeg's receiver reports). */
  | { type: 'interleaved'; channel: number; data: Buffer }
  /** The stream cannot be parsed further; the connection should answer 400 and close. */
  | { type: 'error'; message: string };

/** Bounds what a client can make us buffer before the end of a header block. */
export const MAX_HEADER_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 64 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Incremental RTSP request parser: feed it socket chunks in any split; it returns the complete
 * messages, handling pipelined requests, bodies (Content-Length) and `$`-framed interleaved data.
 */
export class RtspRequestParser {
  private buf: Buffer = Buffer.alloc(0);
  private failed = false;

  push(chunk: Buffer): RtspMessage[] {
    if (this.failed) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: RtspMessage[] = [];
    for (;;) {
      const msg = this.next();
      if (msg === undefined) break;
      out.push(msg);
      if (msg.type === 'error') {
        this.failed = true;
        this.buf = Buffer.alloc(0);
        break;
      }
    }
    return out;
  }

  private next(): RtspMessage | undefined {
    // Stray CR/LF between messages is tolerated, as most servers do.
    let skip = 0;
    while (skip < this.buf.length && (this.buf[skip] === 0x0d || this.buf[skip] === 0x0a)) skip += 1;
    if (skip > 0) this.buf = this.buf.subarray(skip);
    if (this.buf.length === 0) return undefined;

    if (this.buf[0] === 0x24) {
      if (this.buf.length < 4) return undefined;
      const len = this.buf.readUInt16BE(2);
      if (this.buf.length < 4 + len) return undefined;
      const msg: RtspMessage = { type: 'interleaved', channel: this.buf[1] ?? 0, data: this.buf.subarray(4, 4 + len) };
      this.buf = this.buf.subarray(4 + len);
      return msg;
    }

    const end = this.buf.indexOf(HEADER_END);
    if (end < 0) {
      return this.buf.length > MAX_HEADER_BYTES ? { type: 'error', message: 'request header too large' } : undefined;
    }
    const head = this.buf.subarray(0, end).toString('latin1');
    const lines = head.split('\r\n');
    const requestLine = (lines[0] ?? '').split(' ');
    if (requestLine.length !== 3 || !/^RTSP\/\d\.\d$/.test(requestLine[2] ?? '')) {
      return { type: 'error', message: `malformed request line ${JSON.stringify(lines[0])}` };
    }
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) return { type: 'error', message: `malformed header line ${JSON.stringify(line)}` };
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const lengthHeader = headers.get('content-length');
    const bodyLen = lengthHeader === undefined ? 0 : Number(lengthHeader);
    if (!Number.isInteger(bodyLen) || bodyLen < 0 || bodyLen > MAX_BODY_BYTES) {
      return { type: 'error', message: `bad Content-Length ${JSON.stringify(lengthHeader)}` };
    }
    const total = end + HEADER_END.length + bodyLen;
    if (this.buf.length < total) return undefined;
    const body = Buffer.from(this.buf.subarray(end + HEADER_END.length, total));
    this.buf = this.buf.subarray(total);
    const [method = '', uri = '', version = ''] = requestLine;
    return { type: 'request', request: { method, uri, version, headers, body } };
  }
}
