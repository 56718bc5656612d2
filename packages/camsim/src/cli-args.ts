import { isIPv4 } from 'node:net';
import { parseArgs } from 'node:util';
import { DEFAULTS, resolveCameraSpec } from './camera-spec.js';
import type { AudioCodec, AuthScheme, CameraSpec } from './types.js';
import type { OnvifDeviceOptions } from './onvif/onvif-device.js';

export const USAGE = `Usage: camsim [options]

Serves simulated RTSP cameras at rtsp://HOST:PORT/<prefix><n> and prints one URL per line on stdout
once every camera is ready. Logs go to stderr. Stops on SIGINT/SIGTERM.

Options:
  --cameras N          number of cameras (default 1)
  --port N             TCP port, 0 for any free port (default 8554)
  --host ADDR          listen address (default 127.0.0.1)
  --prefix NAME        camera name prefix (default cam: cam1, cam2, ...)
  --user U             require this user name (with --password)
  --password P         require this password (with --user)
  --auth basic|digest  authentication scheme (default ${DEFAULTS.auth})
  --width N            video width (default ${DEFAULTS.width})
  --height N           video height (default ${DEFAULTS.height})
  --fps N              frames per second; one keyframe per second (default ${DEFAULTS.fps})
  --bitrate-kbps N     video bitrate (default ${DEFAULTS.bitrateKbps})
  --audio none|aac|pcmu  audio track (default ${DEFAULTS.audio})
  --clip-seconds N     length of the looped clip (default ${DEFAULTS.clipSeconds})
  --cache-dir DIR      where generated clips are kept
  --discovery-interface ADDR  answer ONVIF WS-Discovery Probes, joining 239.255.255.250 on the
                       interface with this IPv4 address (127.0.0.1 for lo) and on HOST:3702
  --onvif-port N       also serve an ONVIF device on this HTTP port (0 for any free port); its
                       device service URL is logged; POST /camsim/motion?camera=cam1&state=on|off
                       on that port emits a motion event
  --onvif-user U       ONVIF user name (with --onvif-password; default: --user/--password)
  --onvif-password P   ONVIF password
  --onvif-clock-offset S  the device clock runs S seconds off (negative: --onvif-clock-offset=-3600)
  --onvif-motion-every S  every camera reports motion every S seconds
  --help               show this text
`;

export interface CliConfig {
  port: number;
  host: string;
  cacheDir: string | undefined;
  cameras: CameraSpec[];
  /** Set by --discovery-interface: the WS-Discovery responder's interface. */
  discoveryInterface?: string;
  /** Set when --onvif-port was given. */
  onvif?: OnvifDeviceOptions;
}

export type CliParse = { kind: 'help' } | { kind: 'run'; config: CliConfig } | { kind: 'error'; message: string };

function int(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new RangeError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`--${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function ipv4(name: string, value: string): string {
  if (!isIPv4(value)) throw new RangeError(`--${name} must be an IPv4 address, got ${JSON.stringify(value)}`);
  return value;
}

/** Parses the command line; never exits or prints, so it can be tested as a function. */
export function parseCliArgs(argv: readonly string[]): CliParse {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        cameras: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        prefix: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        auth: { type: 'string' },
        width: { type: 'string' },
        height: { type: 'string' },
        fps: { type: 'string' },
        'bitrate-kbps': { type: 'string' },
        audio: { type: 'string' },
        'clip-seconds': { type: 'string' },
        'cache-dir': { type: 'string' },
        'discovery-interface': { type: 'string' },
        'onvif-port': { type: 'string' },
        'onvif-user': { type: 'string' },
        'onvif-password': { type: 'string' },
        'onvif-clock-offset': { type: 'string' },
        'onvif-motion-every': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help === true) return { kind: 'help' };
    if (positionals.length > 0) throw new RangeError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    if ((values.user === undefined) !== (values.password === undefined)) {
      throw new RangeError('--user and --password go together');
    }
    const count = int('cameras', values.cameras, 1, 1000) ?? 1;
    const prefix = values.prefix ?? 'cam';
    const shared: Omit<CameraSpec, 'name'> = {
      width: int('width', values.width, 16, 4096),
      height: int('height', values.height, 16, 4096),
      fps: int('fps', values.fps, 1, 120),
      bitrateKbps: int('bitrate-kbps', values['bitrate-kbps'], 16, 100_000),
      clipSeconds: int('clip-seconds', values['clip-seconds'], 1, 600),
      audio: oneOf<AudioCodec>('audio', values.audio, ['none', 'aac', 'pcmu']),
      auth: oneOf<AuthScheme>('auth', values.auth, ['basic', 'digest']),
      username: values.user,
      password: values.password,
    };
    const cameras = Array.from({ length: count }, (_, i): CameraSpec => ({ name: `${prefix}${i + 1}`, ...shared }));
    // Surfaces what the simulator would reject (odd sizes, bad names) as an argument error.
    cameras.forEach(resolveCameraSpec);
    const onvif = onvifOptions(values);
    return {
      kind: 'run',
      config: {
        port: int('port', values.port, 0, 65535) ?? 8554,
        host: values.host ?? '127.0.0.1',
        cacheDir: values['cache-dir'],
        cameras,
        ...(values['discovery-interface'] !== undefined ? { discoveryInterface: ipv4('discovery-interface', values['discovery-interface']) } : {}),
        ...(onvif === undefined ? {} : { onvif }),
      },
    };
  } catch (e: unknown) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

function onvifOptions(values: Record<string, string | boolean | undefined>): OnvifDeviceOptions | undefined {
  const str = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined);
  const port = int('onvif-port', str('onvif-port'), 0, 65535);
  const others = ['onvif-user', 'onvif-password', 'onvif-clock-offset', 'onvif-motion-every'].filter((k) => values[k] !== undefined);
  if (port === undefined) {
    if (others.length > 0) throw new RangeError(`--${others[0]} needs --onvif-port`);
    return undefined;
  }
  if ((str('onvif-user') === undefined) !== (str('onvif-password') === undefined)) throw new RangeError('--onvif-user and --onvif-password go together');
  const username = str('onvif-user') ?? str('user');
  const password = str('onvif-password') ?? str('password');
  const offset = str('onvif-clock-offset');
  if (offset !== undefined && !/^-?\d+$/.test(offset)) throw new RangeError(`--onvif-clock-offset must be whole seconds, got ${JSON.stringify(offset)}`);
  const every = int('onvif-motion-every', str('onvif-motion-every'), 1, 86400);
  return {
    port,
    ...(username === undefined || password === undefined ? {} : { username, password }),
    ...(offset === undefined ? {} : { clockOffsetMs: Number(offset) * 1000 }),
    ...(every === undefined ? {} : { motionEverySeconds: every }),
  };
}
