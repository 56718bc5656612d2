import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES, RtspRequestParser, type RtspMessage } from './rtsp-parser.js';

const options = 'OPTIONS rtsp://h/cam RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: t\r\n\r\n';
const describeReq = 'DESCRIBE rtsp://h/cam RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n';
const withBody = 'SET_PARAMETER rtsp://h/cam RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 5\r\n\r\nhello';

const summary = (msgs: RtspMessage[]) =>
  msgs.map((m) =>
    m.type === 'request'
      ? `${m.request.method} ${m.request.headers.get('cseq') ?? ''} ${m.request.body.toString()}`.trim()
      : m.type === 'interleaved'
        ? `$${m.channel}:${m.data.length}`
        : `error`,
  );

describe('RtspRequestParser', () => {
  it('returns pipelined requests from one chunk in order', () => {
    const p = new RtspRequestParser();
    expect(summary(p.push(Buffer.from(options + describeReq + withBody)))).toEqual([
      'OPTIONS 1',
      'DESCRIBE 2',
      'SET_PARAMETER 3 hello',
    ]);
  });

  it('handles data split at every byte', () => {
    const p = new RtspRequestParser();
    const all = Buffer.from(options + withBody);
    const out: RtspMessage[] = [];
    for (let i = 0; i < all.length; i++) out.push(...p.push(all.subarray(i, i + 1)));
    expect(summary(out)).toEqual(['OPTIONS 1', 'SET_PARAMETER 3 hello']);
  });

  it('parses header names case-insensitively and values trimmed', () => {
    const p = new RtspRequestParser();
    const [m] = p.push(Buffer.from('PLAY rtsp://h/cam RTSP/1.0\r\ncseq:  7 \r\nSESSION: abc;timeout=60\r\n\r\n'));
    expect(m?.type === 'request' && m.request.headers.get('session')).toBe('abc;timeout=60');
    expect(m?.type === 'request' && m.request.headers.get('cseq')).toBe('7');
  });

  it('separates interleaved RTCP from requests, even when split', () => {
    const p = new RtspRequestParser();
    const rtcp = Buffer.from([0x24, 1, 0, 8, 0x81, 201, 0, 1, 1, 2, 3, 4]);
    const stream = Buffer.concat([rtcp, Buffer.from(options), rtcp, Buffer.from(describeReq)]);
    const out = [...p.push(stream.subarray(0, 3)), ...p.push(stream.subarray(3, 30)), ...p.push(stream.subarray(30))];
    expect(summary(out)).toEqual(['$1:8', 'OPTIONS 1', '$1:8', 'DESCRIBE 2']);
  });

  it('waits for the whole body', () => {
    const p = new RtspRequestParser();
    expect(p.push(Buffer.from(withBody.slice(0, -2)))).toEqual([]);
    expect(summary(p.push(Buffer.from(withBody.slice(-2))))).toEqual(['SET_PARAMETER 3 hello']);
  });

  it('skips stray CRLF between requests', () => {
    const p = new RtspRequestParser();
    expect(summary(p.push(Buffer.from(`\r\n${options}\r\n`)))).toEqual(['OPTIONS 1']);
  });

  it('reports a malformed request line once and then ignores the stream', () => {
    const p = new RtspRequestParser();
    expect(summary(p.push(Buffer.from('GET / HTTP/1.1\r\n\r\n')))).toEqual(['error']);
    expect(p.push(Buffer.from(options))).toEqual([]);
  });

  it('rejects an endless header block instead of buffering it', () => {
    const p = new RtspRequestParser();
    const out = p.push(Buffer.from(`OPTIONS * RTSP/1.0\r\nX: ${'a'.repeat(MAX_HEADER_BYTES)}`));
    expect(summary(out)).toEqual(['error']);
  });

  it('rejects a bad Content-Length', () => {
    const p = new RtspRequestParser();
    expect(summary(p.push(Buffer.from('OPTIONS * RTSP/1.0\r\nContent-Length: -1\r\n\r\n')))).toEqual(['error']);
  });
});
