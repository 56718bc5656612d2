import path from 'node:path';
import { zoneFormatter } from './time-zone.js';
import { ConfigError, SecretValue, type DbLocation, type FreeSpaceFloor } from './config-types.js';
import { maskUrl } from './secrets/credential-mask.js';

/**
 * The value parsers of the configuration spec (config-spec.ts). Each takes the variable's name and its
 * trimmed value (undefined when unset or empty) and returns the typed value or throws a ConfigError
 * naming the variable and the accepted values.
 */

const BYTE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** `123`, `50GB`, `1.5 TiB` → bytes; absent, empty or `0` → null (no budget). */
export function parseByteSize(name: string, raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw);
  const factor = m ? BYTE_UNITS[(m[2] || 'b').toLowerCase()] : undefined;
  if (!m || factor === undefined) {
    throw new ConfigError(name, `"${raw}" is not a size; use bytes or a number with a unit: KB, MB, GB, TB (×1000) or KiB, MiB, GiB, TiB (×1024)`);
  }
  const bytes = Math.floor(Number(m[1]) * factor);
  return bytes === 0 ? null : bytes;
}

/** A size as for parseByteSize, or a percentage of the volume (`5%`, more than 0 and below 100). */
export function parseFreeSpaceFloor(name: string, raw: string | undefined, fallback: FreeSpaceFloor): FreeSpaceFloor | null {
  if (raw === undefined) return fallback;
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(raw);
  if (percent) {
    const value = Number(percent[1]);
    if (value === 0) return null;
    if (value >= 100) throw new ConfigError(name, `"${raw}" is not accepted; a percentage must be below 100%`);
    return { percent: value };
  }
  const bytes = parseByteSize(name, raw);
  return bytes === null ? null : { bytes };
}

export function parsePort(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new ConfigError(name, `"${raw}" is not a port; use a whole number from 0 to 65535`);
  }
  return port;
}

export function parseIntIn(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `"${raw}" is not accepted; use a whole number from ${min} to ${max}`);
  }
  return value;
}

export function parseBool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  throw new ConfigError(name, `"${raw}" is not a boolean; use true or false`);
}

export function parseEnum<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  const match = allowed.find((a) => a === raw.toLowerCase());
  if (match === undefined) {
    throw new ConfigError(name, `"${raw}" is not accepted; use one of ${allowed.join(', ')}`);
  }
  return match;
}

export function parseTimeZone(name: string, raw: string | undefined): string {
  const zone = raw ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    // Throws a RangeError for a zone the runtime's ICU data does not know.
    zoneFormatter(zone);
  } catch (e: unknown) {
    throw new ConfigError(name, `"${zone}" is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)`, { cause: e });
  }
  return zone;
}

export function parseDbUrl(name: string, raw: string | undefined, dataDir: string, cwd: string): DbLocation {
  if (raw === undefined) return { kind: 'sqlite', file: path.join(dataDir, 'heldar.db') };
  if (raw === 'sqlite::memory:') return { kind: 'sqlite', file: ':memory:' };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '') throw new ConfigError(name, 'sqlite: needs a file, e.g. sqlite:./data/heldar.db');
    return { kind: 'sqlite', file: path.resolve(cwd, file) };
  }
  if (/^postgres(ql)?:/.test(raw)) return { kind: 'postgres', url: new SecretValue(parsePostgresUrl(name, raw)) };
  throw new ConfigError(name, `"${maskUrl(raw)}" is not a database URL; use sqlite:<file>, sqlite::memory: or postgres://user:password@host:5432/database`);
}

/** postgres://user:password@host[:port]/database[?options]: checked here so a typo fails at start, not at the first query. */
function parsePostgresUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (e: unknown) {
    throw new ConfigError(name, `"${maskUrl(raw)}" is not a URL; use postgres://user:password@host:5432/database`, { cause: e });
  }
  if (url.hostname === '') throw new ConfigError(name, 'needs a host: postgres://user:password@host:5432/database');
  if (url.pathname.length <= 1) throw new ConfigError(name, 'needs a database name: postgres://user:password@host:5432/database');
  return raw;
}

/** `/dev/sda, /dev/nvme0n1` → absolute device paths; absent → none. */
export function parseDeviceList(name: string, raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const devices = raw.split(',').map((d) => d.trim()).filter((d) => d !== '');
  const bad = devices.find((d) => !/^\/[\w./-]+$/.test(d));
  if (bad !== undefined) throw new ConfigError(name, `"${bad}" is not a device path; list absolute paths such as /dev/sda, separated by commas`);
  return devices;
}

/** A whole number in [min, max], or null when absent or `0` (the setting is off). */
export function parseOptionalIntIn(name: string, raw: string | undefined, min: number, max: number): number | null {
  if (raw === undefined || raw === '0') return null;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `"${raw}" is not accepted; use a whole number from ${min} to ${max}, or 0 for none`);
  }
  return value;
}

/** A decimal number in [min, max], or null when absent or `0` (the setting is off). */
export function parseOptionalNumberIn(name: string, raw: string | undefined, min: number, max: number): number | null {
  if (raw === undefined || /^0+(\.0*)?$/.test(raw)) return null;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `"${raw}" is not accepted; use a number from ${min} to ${max}, or 0 for none`);
  }
  return value;
}
