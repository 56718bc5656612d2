import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { EventLog } from '../events/event-log.js';
import { DiskHealth } from './disk-health.js';
import { parseMdstat } from './mdstat.js';
import { parseSmartHealth, smartctlRunner } from './smart-health.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/disk-health');
const fixture = (name: string) => readFile(path.join(FIXTURES, name), 'utf8');

describe('smartctl -H output', () => {
  it('PASSED, FAILED!, a SCSI OK and no verdict at all', async () => {
    expect(parseSmartHealth(await fixture('smartctl-passed.txt'))).toEqual({ status: 'passed', detail: 'SMART overall-health self-assessment test result: PASSED' });
    expect(parseSmartHealth(await fixture('smartctl-failed.txt'))).toEqual({ status: 'failed', detail: 'SMART overall-health self-assessment test result: FAILED!' });
    expect(parseSmartHealth(await fixture('smartctl-scsi-ok.txt'))).toEqual({ status: 'passed', detail: 'SMART Health Status: OK' });
    expect(parseSmartHealth('smartctl 7.3\n/dev/sdz: Unable to detect device type\n')).toEqual({ status: 'unknown', detail: '/dev/sdz: Unable to detect device type' });
  });
});

describe('/proc/mdstat', () => {
  it('a whole raid1 [UU] and a raid0 without a member map are healthy', async () => {
    expect(parseMdstat(await fixture('mdstat-healthy.txt'))).toEqual([
      { name: 'md0', level: 'raid1', members: 2, active: 2, status: '[UU]', degraded: false },
      { name: 'md1', level: 'raid0', members: 2, active: 2, status: '', degraded: false },
    ]);
  });

  it('a raid1 with a missing member [U_] is degraded, and so is an inactive array', async () => {
    expect(parseMdstat(await fixture('mdstat-degraded.txt'))[0]).toEqual({ name: 'md0', level: 'raid1', members: 2, active: 1, status: '[U_]', degraded: true });
    const inactive = parseMdstat('Personalities :\nmd127 : inactive sdc[0](S)\n      976630488 blocks super 1.2\n\nunused devices: <none>\n');
    expect(inactive).toEqual([{ name: 'md127', level: null, members: 1, active: 0, status: '', degraded: true }]);
  });
});

describe('DiskHealth', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir !== null) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it('runs the configured smartctl and reads the mdstat file; one event per episode, again after recovery', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'heldar-disk-'));
    // A stand-in smartctl: prints the fixture named in a file, exits with bit 3 ("disk failing") on FAILED.
    const verdictFile = path.join(dir, 'verdict');
    const script = path.join(dir, 'smartctl');
    await writeFile(script, `#!/bin/sh\n[ "$1" = "-H" ] || exit 1\nf="${FIXTURES}/$(cat ${verdictFile})"\ncat "$f"\ngrep -q FAILED "$f" && exit 8\nexit 0\n`);
    await chmod(script, 0o755);
    const mdstat = path.join(dir, 'mdstat');
    await writeFile(verdictFile, 'smartctl-passed.txt');
    await writeFile(mdstat, await fixture('mdstat-healthy.txt'));

    const logged: { kind: string; payload: unknown }[] = [];
    const events = { log: async (_camera: string | null, kind: string, _severity: string, payload: unknown) => logged.push({ kind, payload }) } as unknown as EventLog;
    const health = new DiskHealth({ devices: ['/dev/sda'], smartctl: smartctlRunner(script), mdstatPath: mdstat, events, clock: new ManualClock(1000), logger: pino({ level: 'silent' }) });

    const first = await health.check();
    expect(first.devices).toEqual([{ device: '/dev/sda', status: 'passed', detail: 'SMART overall-health self-assessment test result: PASSED' }]);
    expect(first.arrays.map((a) => a.degraded)).toEqual([false, false]);
    expect(logged).toEqual([]);

    await writeFile(verdictFile, 'smartctl-failed.txt');
    await writeFile(mdstat, await fixture('mdstat-degraded.txt'));
    await health.check();
    await health.check();
    expect(logged).toEqual([
      { kind: 'disk_smart_warning', payload: { device: '/dev/sda', status: 'failed', detail: 'SMART overall-health self-assessment test result: FAILED!' } },
      { kind: 'raid_degraded', payload: { array: 'md0', level: 'raid1', members: 2, active: 1, status: '[U_]' } },
    ]);
    expect(health.lastReport?.devices[0]?.status).toBe('failed');

    // Whole again, then failing again: a second episode, a second event.
    await writeFile(verdictFile, 'smartctl-passed.txt');
    await writeFile(mdstat, await fixture('mdstat-healthy.txt'));
    await health.check();
    await writeFile(mdstat, await fixture('mdstat-degraded.txt'));
    await health.check();
    expect(logged.map((e) => e.kind)).toEqual(['disk_smart_warning', 'raid_degraded', 'raid_degraded']);
  });

  it('a smartctl that cannot run is `unknown` (and warned about); a missing mdstat means no arrays', async () => {
    const logged: string[] = [];
    const events = { log: async (_c: string | null, kind: string) => logged.push(kind) } as unknown as EventLog;
    const health = new DiskHealth({
      devices: ['/dev/sdq'],
      smartctl: smartctlRunner('/nonexistent/smartctl'),
      mdstatPath: '/nonexistent/mdstat',
      events,
      clock: new ManualClock(0),
      logger: pino({ level: 'silent' }),
    });
    const report = await health.check();
    expect(report.devices[0]).toMatchObject({ device: '/dev/sdq', status: 'unknown', detail: expect.stringMatching(/could not run/) });
    expect(report.arrays).toEqual([]);
    expect(report.mdstatError).toBeNull();
    expect(logged).toEqual(['disk_smart_warning']);
  });
});
