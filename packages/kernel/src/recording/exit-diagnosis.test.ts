import { describe, expect, it } from 'vitest';
import { causeLine, describeExit } from './exit-diagnosis.js';
import type { RunExit } from './process-launcher.js';

function exit(stderrTail: string, extra: Partial<RunExit> = {}): RunExit {
  return { reason: 'failed', code: 1, signal: null, stderrTail, ranMs: 5000, ...extra };
}

describe('describeExit', () => {
  it('keeps the cause of the exit, not the routine warning printed after it', () => {
    const tail = [
      '[rtsp @ 0x1] method DESCRIBE failed: 503 Service Unavailable',
      '[segment @ 0x2] Non-monotonous DTS in output stream 0:0; previous: 0, current: 0; changing to 1. This may result in incorrect timestamps in the output file.',
    ].join('\n');
    expect(describeExit(exit(tail), false)).toMatchObject({ state: 'offline', message: '[rtsp @ 0x1] method DESCRIBE failed: 503 Service Unavailable' });
  });

  it('falls back to the last line that is not noise, then to the last line', () => {
    expect(causeLine(['something odd happened', '[segment @ 0x2] Non-monotonous DTS in output stream 0:0'])).toBe('something odd happened');
    expect(causeLine(['[segment @ 0x2] Non-monotonous DTS in output stream 0:0'])).toBe('[segment @ 0x2] Non-monotonous DTS in output stream 0:0');
    expect(causeLine([])).toBe('');
  });

  it('still reads credentials and missing paths as errors retrying will not fix', () => {
    expect(describeExit(exit('[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized\nNon-monotonous DTS'), false).state).toBe('error');
  });
});
