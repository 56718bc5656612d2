import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleLogger } from './logger.js';

/** A stream that keeps what is written, posing as a terminal or not. */
function sink(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => chunks.join('') });
}

describe('createConsoleLogger', () => {
  it('writes readable lines on a terminal: time, level, message and fields, no JSON, secrets redacted', async () => {
    const out = sink(true);
    const logger = createConsoleLogger('info', out);
    logger.info({ camera_id: 'gate', password: 'hunter2' }, 'recorder: ffmpeg started');
    logger.debug('not shown at info');
    await new Promise((resolve) => setImmediate(resolve));
    // eslint-disable-next-line no-control-regex -- colour codes are what a terminal gets
    const text = out.text().replace(/\u001b\[\d+m/g, '');
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: recorder: ffmpeg started /);
    expect(text).toContain('camera_id');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('not shown');
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('writes JSON lines when the output is not a terminal (a file, journald, a collector)', () => {
    const out = sink(false);
    createConsoleLogger('info', out).info({ camera_id: 'gate' }, 'hello');
    expect(JSON.parse(out.text())).toMatchObject({ level: 30, msg: 'hello', camera_id: 'gate' });
  });
});
