import { describe, expect, it } from 'vitest';
import { LiveCopyBudget } from './live-copy-budget.js';
import type { LiveSink } from './live-sink.js';

/** A sink that logs what reaches it. */
function loggingSink(log: string[]): LiveSink {
  return {
    open: (cameraId) => {
      log.push(`open ${cameraId}`);
      return { write: (chunk) => log.push(`write ${cameraId} ${chunk.toString()}`), end: () => log.push(`end ${cameraId}`) };
    },
  };
}

describe('LiveCopyBudget', () => {
  it('hands out at most max taps at once; an ended tap frees its place, once', () => {
    const log: string[] = [];
    const budget = new LiveCopyBudget(loggingSink(log), 2);
    const a = budget.open('a', 'main', 'recorder');
    const b = budget.open('b', 'main', 'recorder');
    expect(budget.open('c', 'main', 'recorder')).toBeNull();
    expect(budget.inUse()).toBe(2);
    a!.write(Buffer.from('x'));
    a!.end();
    a!.end();
    expect(budget.inUse()).toBe(1);
    const c = budget.open('c', 'main', 'recorder');
    expect(c).not.toBeNull();
    expect(budget.open('d', 'main', 'recorder')).toBeNull();
    b!.end();
    c!.end();
    expect(budget.inUse()).toBe(0);
    expect(log).toEqual(['open a', 'open b', 'write a x', 'end a', 'open c', 'end b', 'end c']);
  });

  it('with max 0 gives no tap at all', () => {
    const log: string[] = [];
    expect(new LiveCopyBudget(loggingSink(log), 0).open('a', 'main', 'recorder')).toBeNull();
    expect(log).toEqual([]);
  });
});
