import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { installLastResortHandlers, type ProcessEvents } from './last-resort.js';

describe('installLastResortHandlers', () => {
  it('logs an unhandled rejection and an uncaught exception instead of ending the process', () => {
    const lines: { msg: string; err?: { message: string } }[] = [];
    const logger = pino({ level: 'error' }, { write: (l: string) => void lines.push(JSON.parse(l) as (typeof lines)[number]) });
    const proc = new EventEmitter();
    const remove = installLastResortHandlers(proc as unknown as ProcessEvents, logger);
    proc.emit('unhandledRejection', new Error('status write failed'));
    proc.emit('uncaughtException', new Error('listener threw'));
    expect(lines.map((l) => [l.msg, l.err?.message])).toEqual([
      ['unhandled promise rejection (a bug); Heldar keeps running and recording', 'status write failed'],
      ['uncaught exception (a bug); Heldar keeps running and recording', 'listener threw'],
    ]);
    remove();
    expect(proc.listenerCount('unhandledRejection') + proc.listenerCount('uncaughtException')).toBe(0);
  });
});
