import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/event-log.js';
import { parseMdstat, type MdArray } from './mdstat.js';
import { parseSmartHealth, type SmartctlRunner, type SmartVerdict } from './smart-health.js';

export interface DeviceHealth extends SmartVerdict {
  device: string;
}

export interface DiskHealthReport {
  checkedAt: number;
  devices: DeviceHealth[];
  arrays: MdArray[];
  /** Why the RAID status could not be read (null: read, or no file: no arrays). */
  mdstatError: string | null;
}

export interface DiskHealthDeps {
  devices: readonly string[];
  smartctl: SmartctlRunner;
  mdstatPath: string;
  events: EventLog;
  clock: Clock;
  logger: Logger;
}

/**
 * The optional disk checks: `smartctl -H` for each listed device and /proc/mdstat for degraded
 * arrays, every few minutes. A failing disk raises `disk_smart_warning`, a degraded array
 * `raid_degraded`, once per episode: again only after the device passed or the array was whole.
 */
export class DiskHealth {
  private last: DiskHealthReport | null = null;
  private readonly warned = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private running: Promise<DiskHealthReport> | null = null;

  constructor(private readonly deps: DiskHealthDeps) {}

  /** The latest finished check (null before the first). */
  get lastReport(): DiskHealthReport | null {
    return this.last;
  }

  async check(): Promise<DiskHealthReport> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Checks now, then every `intervalMs` after the previous check ended. */
  start(intervalMs: number): void {
    this.stopped = false;
    const tick = (): void => {
      this.check()
        .catch((e: unknown) => this.deps.logger.error({ err: e }, 'disk health check failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<DiskHealthReport> {
    const { deps } = this;
    const devices: DeviceHealth[] = [];
    for (const device of deps.devices) {
      let verdict: SmartVerdict;
      try {
        verdict = parseSmartHealth(await deps.smartctl(device));
      } catch (e: unknown) {
        verdict = { status: 'unknown', detail: e instanceof Error ? e.message : String(e) };
      }
      devices.push({ device, ...verdict });
      // `unknown` warns too: a listed disk whose health cannot be read is not known to be fine.
      await this.episode(`smart:${device}`, verdict.status !== 'passed', () =>
        deps.events.log(null, 'disk_smart_warning', 'error', { device, status: verdict.status, detail: verdict.detail }),
      );
    }
    const { arrays, error } = await this.readArrays();
    for (const array of arrays) {
      await this.episode(`md:${array.name}`, array.degraded, () =>
        deps.events.log(null, 'raid_degraded', 'error', { array: array.name, level: array.level, members: array.members, active: array.active, status: array.status }),
      );
    }
    this.last = { checkedAt: deps.clock.now(), devices, arrays, mdstatError: error };
    return this.last;
  }

  private async readArrays(): Promise<{ arrays: MdArray[]; error: string | null }> {
    try {
      return { arrays: parseMdstat(await readFile(this.deps.mdstatPath, 'utf8')), error: null };
    } catch (e: unknown) {
      // No md driver loaded (or not Linux): no arrays to watch, nothing wrong.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { arrays: [], error: null };
      return { arrays: [], error: e instanceof Error ? e.message : String(e) };
    }
  }

  private async episode(key: string, failing: boolean, raise: () => Promise<unknown>): Promise<void> {
    if (!failing) {
      this.warned.delete(key);
      return;
    }
    if (this.warned.has(key)) return;
    await raise();
    this.warned.add(key);
  }
}
