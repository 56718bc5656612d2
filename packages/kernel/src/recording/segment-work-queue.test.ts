import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { SegmentWorkQueue } from './segment-work-queue.js';

describe('SegmentWorkQueue', () => {
  it('runs tasks one at a time in order, and goes on after one fails', async () => {
    const queue = new SegmentWorkQueue(pino({ level: 'silent' }));
    const done: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    queue.enqueue(async () => {
      await gate;
      done.push('first');
    });
    queue.enqueue(() => Promise.reject(new Error('unreadable segment')));
    queue.enqueue(async () => {
      done.push('third');
    });
    expect(done).toEqual([]);
    release();
    await queue.idle();
    expect(done).toEqual(['first', 'third']);
  });
});
