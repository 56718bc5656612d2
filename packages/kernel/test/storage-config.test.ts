import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { floorBytes } from '../src/storage/volume-stats.js';

describe('storage configuration', () => {
  it('defaults: sweep every minute, no byte budgets, keep 5 % free on both volumes', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({
      retentionIntervalMs: 60_000,
      retentionMaxBytes: null,
      minFree: { percent: 5 },
      mirrorMaxBytes: null,
      mirrorMinFree: { percent: 5 },
    });
  });

  it('reads sizes with units and percentages', () => {
    const config = loadConfig({
      HELDAR_RETENTION_INTERVAL_SECONDS: '15',
      HELDAR_RETENTION_MAX_BYTES: '8TB',
      HELDAR_MIN_FREE_BYTES: '50 GiB',
      HELDAR_MIRROR_MAX_BYTES: '1.5tib',
      HELDAR_MIRROR_MIN_FREE_BYTES: '2.5%',
    });
    expect(config).toMatchObject({
      retentionIntervalMs: 15_000,
      retentionMaxBytes: 8e12,
      minFree: { bytes: 50 * 2 ** 30 },
      mirrorMaxBytes: 1.5 * 2 ** 40,
      mirrorMinFree: { percent: 2.5 },
    });
    expect(loadConfig({ HELDAR_RETENTION_MAX_BYTES: '123456' }).retentionMaxBytes).toBe(123_456);
  });

  it('0 turns a floor or budget off', () => {
    expect(loadConfig({ HELDAR_MIN_FREE_BYTES: '0', HELDAR_MIRROR_MIN_FREE_BYTES: '0%', HELDAR_RETENTION_MAX_BYTES: '0' })).toMatchObject({
      minFree: null,
      mirrorMinFree: null,
      retentionMaxBytes: null,
    });
  });

  const bad: [Record<string, string>, string][] = [
    [{ HELDAR_RETENTION_MAX_BYTES: 'lots' }, 'HELDAR_RETENTION_MAX_BYTES: "lots" is not a size; use bytes or a number with a unit: KB, MB, GB, TB (×1000) or KiB, MiB, GiB, TiB (×1024)'],
    [{ HELDAR_MIN_FREE_BYTES: '5 parsecs' }, 'HELDAR_MIN_FREE_BYTES: "5 parsecs" is not a size; use bytes or a number with a unit'],
    [{ HELDAR_MIN_FREE_BYTES: '100%' }, 'HELDAR_MIN_FREE_BYTES: "100%" is not accepted; a percentage must be below 100%'],
    [{ HELDAR_RETENTION_INTERVAL_SECONDS: '0' }, 'HELDAR_RETENTION_INTERVAL_SECONDS: "0" is not accepted; use a whole number from 1 to 86400'],
  ];
  it.each(bad)('stops on %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(message);
  });

  it('a percentage floor is taken of the volume size', () => {
    expect(floorBytes({ percent: 5 }, 2_000_000)).toBe(100_000);
    expect(floorBytes({ bytes: 42 }, 2_000_000)).toBe(42);
    expect(floorBytes(null, 2_000_000)).toBe(0);
  });
});
