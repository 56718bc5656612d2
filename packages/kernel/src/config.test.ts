import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_VARIABLES, CONFIG_VARIABLES, ConfigError, loadConfig, shownValues } from './config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({}, '/srv/heldar');
    expect(config).toMatchObject({
      dataDir: '/srv/heldar/data',
      httpPort: 8080,
      httpHost: '127.0.0.1',
      db: { kind: 'sqlite', file: '/srv/heldar/data/heldar.db' },
      mirrorDir: null,
      ffmpegBin: 'ffmpeg',
      ffprobeBin: 'ffprobe',
      recorderEnabled: true,
      logLevel: 'info',
      recordingsDir: '/srv/heldar/data/recordings',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        HELDAR_DATA_DIR: 'var',
        HELDAR_HTTP_PORT: '9000',
        HELDAR_HTTP_HOST: '0.0.0.0',
        HELDAR_DB_URL: 'sqlite:db/h.db',
        HELDAR_MIRROR_DIR: '/mnt/mirror',
        HELDAR_FFMPEG: '/opt/ff/ffmpeg',
        HELDAR_FFPROBE: '/opt/ff/ffprobe',
        HELDAR_RECORDER_ENABLED: 'false',
        HELDAR_TZ: 'Europe/Berlin',
        HELDAR_LOG_LEVEL: 'DEBUG',
      },
      '/x',
    );
    expect(config).toMatchObject({
      dataDir: path.resolve('/x/var'),
      httpPort: 9000,
      httpHost: '0.0.0.0',
      db: { kind: 'sqlite', file: '/x/db/h.db' },
      mirrorDir: '/mnt/mirror',
      ffmpegBin: '/opt/ff/ffmpeg',
      ffprobeBin: '/opt/ff/ffprobe',
      recorderEnabled: false,
      timeZone: 'Europe/Berlin',
      logLevel: 'debug',
    });
    expect(loadConfig({ HELDAR_DB_URL: 'sqlite::memory:' }).db).toEqual({ kind: 'sqlite', file: ':memory:' });
  });

  it('takes a PostgreSQL URL, keeps its password out of every printed form and shows it masked', () => {
    const url = 'postgres://heldar:s3cret-pw@db.example:5432/heldar';
    const config = loadConfig({ HELDAR_DB_URL: url });
    if (config.db.kind !== 'postgres') throw new Error(`expected postgres, got ${config.db.kind}`);
    expect(config.db.url.reveal()).toBe(url);
    expect(JSON.stringify(config)).not.toContain('s3cret-pw');
    expect(String(config.db.url)).toBe('***');
    expect(shownValues(config).get('HELDAR_DB_URL')).toBe('postgres://heldar:***@db.example:5432/heldar');
    expect(loadConfig({ HELDAR_DB_URL: 'postgresql://h/db' }).db.kind).toBe('postgres');
  });

  const bad: [Record<string, string>, string][] = [
    [{ HELDAR_HTTP_PORT: 'eighty' }, 'HELDAR_HTTP_PORT: "eighty" is not a port; use a whole number from 0 to 65535'],
    [{ HELDAR_HTTP_PORT: '70000' }, 'HELDAR_HTTP_PORT: "70000" is not a port; use a whole number from 0 to 65535'],
    [{ HELDAR_RECORDER_ENABLED: 'maybe' }, 'HELDAR_RECORDER_ENABLED: "maybe" is not a boolean; use true or false'],
    [{ HELDAR_LOG_LEVEL: 'loud' }, 'HELDAR_LOG_LEVEL: "loud" is not accepted; use one of fatal, error, warn, info, debug, trace, silent'],
    [{ HELDAR_TZ: 'Mars/Olympus' }, 'HELDAR_TZ: "Mars/Olympus" is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)'],
    [{ HELDAR_DB_URL: 'postgres://u:pw@db' }, 'HELDAR_DB_URL: needs a database name: postgres://user:password@host:5432/database'],
    [{ HELDAR_DB_URL: 'postgres:///heldar' }, 'HELDAR_DB_URL: needs a host: postgres://user:password@host:5432/database'],
    [{ HELDAR_DB_URL: 'mysql://x' }, 'HELDAR_DB_URL: "mysql://x" is not a database URL; use sqlite:<file>, sqlite::memory: or postgres://user:password@host:5432/database'],
    [{ HELDAR_DB_URL: 'sqlite:' }, 'HELDAR_DB_URL: sqlite: needs a file, e.g. sqlite:./data/heldar.db'],
  ];
  it.each(bad)('stops on %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(new ConfigError('', '').constructor as typeof ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
  });

  it('rejects an unknown HELDAR_ variable (a typo must not be silently ignored)', () => {
    expect(() => loadConfig({ HELDAR_HTTP_PROT: '1' })).toThrowError(/^HELDAR_HTTP_PROT: unknown variable; known variables are HELDAR_DATA_DIR, /);
  });

  it('lets the variables clients read pass (a shell set up for a worker can still run the server and the CLI)', () => {
    const config = loadConfig({ HELDAR_API_KEY: 'hk_example', HELDAR_URL: 'http://127.0.0.1:8080', HELDAR_HTTP_PORT: '9000' });
    expect(config.httpPort).toBe(9000);
    for (const v of CLIENT_VARIABLES) expect(() => loadConfig({ [v.variable]: 'x' })).not.toThrow();
    expect(() => loadConfig({ HELDAR_API_KEY: 'hk_example', HELDAR_TYPO: '1' })).toThrowError(/^HELDAR_TYPO: unknown variable; /);
  });

  it('parses the durations into the units Config keeps and shows them back as written', () => {
    const config = loadConfig({ HELDAR_SESSION_IDLE_MINUTES: '30', HELDAR_RETENTION_INTERVAL_SECONDS: '5', HELDAR_ADMIN_PASSWORD: ' twelve chars ' });
    expect(config).toMatchObject({ sessionIdleMs: 1_800_000, retentionIntervalMs: 5000, sessionMaxMs: 7 * 86_400_000 });
    expect(config.adminPassword?.reveal()).toBe(' twelve chars ');
    const shown = shownValues(config);
    expect(shown.get('HELDAR_SESSION_IDLE_MINUTES')).toBe('30');
    expect(shown.get('HELDAR_RETENTION_INTERVAL_SECONDS')).toBe('5');
    expect(shown.get('HELDAR_ADMIN_PASSWORD')).toBe('***');
    expect(CONFIG_VARIABLES.filter((v) => v.secret).map((v) => v.name)).toEqual(['HELDAR_ADMIN_PASSWORD', 'HELDAR_SECRET_KEY', 'HELDAR_MQTT_PASSWORD', 'HELDAR_SMTP_PASSWORD']);
  });

  it('keeps integration passwords out of URLs and out of what it shows', () => {
    expect(() => loadConfig({ HELDAR_MQTT_URL: 'mqtt://heldar:in-url-pw@127.0.0.1:1883' })).toThrow(/HELDAR_MQTT_URL: must not contain a password; set HELDAR_MQTT_USERNAME and HELDAR_MQTT_PASSWORD instead/);
    const config = loadConfig({ HELDAR_MQTT_URL: 'mqtt://127.0.0.1:1883', HELDAR_MQTT_PASSWORD: 'mqtt-pw-123', HELDAR_SMTP_HOST: '127.0.0.1', HELDAR_SMTP_TO: 'a@example.com', HELDAR_SMTP_PASSWORD: 'smtp-pw-123' });
    const shown = shownValues(config);
    expect(shown.get('HELDAR_MQTT_PASSWORD')).toBe('***');
    expect(shown.get('HELDAR_SMTP_PASSWORD')).toBe('***');
    expect([...shown.values()].join(' ')).not.toMatch(/mqtt-pw-123|smtp-pw-123/);
  });

  it('documents every variable it reads', () => {
    const names = CONFIG_VARIABLES.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(() => loadConfig({ [name]: '' })).not.toThrow();
  });
});
