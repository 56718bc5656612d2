import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CameraTasks, type CameraTask } from './camera-tasks.js';

/** A task that logs its start and, once aborted, ends only when `finish()` is called (a recorder whose ffmpeg finishes its segment). */
function slowTask(log: string[], name: string): CameraTask & { finish: () => void } {
  let finish = (): void => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  return {
    finish: () => finish(),
    async run(signal) {
      log.push(`${name} runs`);
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      await finished;
      log.push(`${name} ended`);
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CameraTasks', () => {
  it('runs a task started while its predecessor is stopping only after that one ended', async () => {
    const tasks = new CameraTasks<CameraTask & { finish: () => void }>('test task', 10_000, pino({ level: 'silent' }));
    const log: string[] = [];
    const first = tasks.start('cam', 'k', () => slowTask(log, 'first'));
    await tick();
    const stopping = tasks.stop('cam');
    const second = tasks.start('cam', 'k', () => slowTask(log, 'second'));
    await tick();
    expect(log).toEqual(['first runs']);
    expect(tasks.get('cam')).toBe(second);
    first.finish();
    await stopping;
    await tick();
    expect(log).toEqual(['first runs', 'first ended', 'second runs']);
    second.finish();
    await tasks.stop('cam');
    expect(log.at(-1)).toBe('second ended');
  });

  it('never runs a task stopped before its predecessor ended', async () => {
    const tasks = new CameraTasks<CameraTask & { finish: () => void }>('test task', 10_000, pino({ level: 'silent' }));
    const log: string[] = [];
    const first = tasks.start('cam', 'k', () => slowTask(log, 'first'));
    await tick();
    const stoppingFirst = tasks.stop('cam');
    tasks.start('cam', 'k', () => slowTask(log, 'second'));
    const stoppingSecond = tasks.stop('cam');
    first.finish();
    await Promise.all([stoppingFirst, stoppingSecond]);
    expect(log).toEqual(['first runs', 'first ended']);
    expect(tasks.size).toBe(0);
  });
});
