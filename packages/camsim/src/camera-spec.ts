import type { AudioCodec, AuthScheme, CameraSpec, Fault, VideoPattern } from './types.js';

export const DEFAULTS = Object.freeze({
  width: 1280,
  height: 720,
  fps: 25,
  bitrateKbps: 2000,
  audio: 'none' as AudioCodec,
  clipSeconds: 10,
  auth: 'digest' as AuthScheme,
  pattern: 'testsrc2' as VideoPattern,
});

export interface ResolvedCameraSpec {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly bitrateKbps: number;
  readonly audio: AudioCodec;
  readonly clipSeconds: number;
  readonly pattern: VideoPattern;
  readonly label: string | undefined;
  readonly clock: 'clip' | 'wall';
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
  readonly auth: AuthScheme;
  readonly faults: readonly Fault[];
}

const NAME_RE = /^[A-Za-z0-9._-]+$/;
const LABEL_RE = /^[A-Za-z0-9 ._-]{1,40}$/;
export const VIDEO_PATTERNS: readonly VideoPattern[] = ['testsrc2', 'smptehdbars'];

function intIn(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`camera ${field} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function even(field: string, value: number): number {
  // yuv420p (what every camera sends) needs even dimensions.
  if (value % 2 !== 0) throw new RangeError(`camera ${field} must be even, got ${value}`);
  return value;
}

export function validateFault(fault: Fault): Fault {
  const nonNegative = (field: string, v: number | undefined): void => {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
      throw new RangeError(`fault ${fault.kind}: ${field} must be a number >= 0, got ${v}`);
    }
  };
  switch (fault.kind) {
    case 'drop':
      nonNegative('afterSeconds', fault.afterSeconds);
      break;
    case 'stall':
    case 'no_keyframe':
      nonNegative('seconds', fault.seconds);
      break;
    case 'refuse':
      nonNegative('seconds', fault.seconds);
      if (fault.mode !== undefined && fault.mode !== 'close' && fault.mode !== '503') {
        throw new RangeError(`fault refuse: mode must be close or 503, got ${String(fault.mode)}`);
      }
      break;
    case 'resolution':
      even('width', intIn('width', fault.width, 16, 4096));
      even('height', intIn('height', fault.height, 16, 4096));
      break;
    default: {
      const unknown: { kind?: unknown } = fault;
      throw new RangeError(`unknown fault kind ${String(unknown.kind)}`);
    }
  }
  return fault;
}

function clockOf(spec: CameraSpec): 'clip' | 'wall' {
  const clock = spec.clock ?? 'clip';
  if (clock !== 'clip' && clock !== 'wall') throw new RangeError(`camera ${spec.name}: clock must be clip or wall, got ${String(clock)}`);
  return clock;
}

/** Fills defaults and rejects values ffmpeg or RTSP clients would choke on, naming the field. */
export function resolveCameraSpec(spec: CameraSpec): ResolvedCameraSpec {
  if (!NAME_RE.test(spec.name)) {
    throw new RangeError(`camera name must match ${NAME_RE.source}, got ${JSON.stringify(spec.name)}`);
  }
  const audio = spec.audio ?? DEFAULTS.audio;
  if (audio !== 'none' && audio !== 'aac' && audio !== 'pcmu') {
    throw new RangeError(`camera ${spec.name}: audio must be none, aac or pcmu, got ${String(audio)}`);
  }
  const auth = spec.auth ?? DEFAULTS.auth;
  if (auth !== 'basic' && auth !== 'digest') {
    throw new RangeError(`camera ${spec.name}: auth must be basic or digest, got ${String(auth)}`);
  }
  const pattern = spec.pattern ?? DEFAULTS.pattern;
  if (!VIDEO_PATTERNS.includes(pattern)) {
    throw new RangeError(`camera ${spec.name}: pattern must be one of ${VIDEO_PATTERNS.join(', ')}, got ${String(pattern)}`);
  }
  if (spec.label !== undefined && !LABEL_RE.test(spec.label)) {
    throw new RangeError(`camera ${spec.name}: label must match ${LABEL_RE.source}, got ${JSON.stringify(spec.label)}`);
  }
  if ((spec.username === undefined) !== (spec.password === undefined)) {
    throw new RangeError(`camera ${spec.name}: username and password go together`);
  }
  return Object.freeze({
    name: spec.name,
    width: even('width', intIn('width', spec.width ?? DEFAULTS.width, 16, 4096)),
    height: even('height', intIn('height', spec.height ?? DEFAULTS.height, 16, 4096)),
    fps: intIn('fps', spec.fps ?? DEFAULTS.fps, 1, 120),
    bitrateKbps: intIn('bitrateKbps', spec.bitrateKbps ?? DEFAULTS.bitrateKbps, 16, 100_000),
    audio,
    clipSeconds: intIn('clipSeconds', spec.clipSeconds ?? DEFAULTS.clipSeconds, 1, 600),
    pattern,
    label: spec.label,
    clock: clockOf(spec),
    credentials:
      spec.username !== undefined && spec.password !== undefined
        ? Object.freeze({ username: spec.username, password: spec.password })
        : undefined,
    auth,
    faults: Object.freeze((spec.faults ?? []).map(validateFault)),
  });
}
