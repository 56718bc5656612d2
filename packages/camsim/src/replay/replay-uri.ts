/**
 * Replay requests: `rtsp://host/<camera>/replay?starttime=20261203T101500Z&endtime=20261203T101600Z[&rate=8]`
 * (times as Hikvision's replay URLs write them, UTC, optionally with milliseconds `…T101500.250Z`),
 * and the per-track URLs a client builds from the replay Content-Base, `/<camera>/replay/trackID=<n>`.
 * ONVIF Profile G replay URIs, `rtsp://host/<camera>/recording` (and `…/recording/trackID=<n>`), name
 * no span: it comes with PLAY (`Range: clock=…`).
 */
export interface ReplaySpan {
  /** Wall-clock ms since the epoch. */
  fromMs: number;
  toMs: number;
  /** Media time per real time; 0: as fast as the connection takes it. */
  rate: number;
}

export interface ReplayTarget {
  camera: string;
  track: number | undefined;
  origin: string | undefined;
  /** Present on the aggregate URL (DESCRIBE), which carries the query. */
  span: ReplaySpan | undefined;
  /** Why the query is unusable, for a 400/457 answer. */
  problem?: string;
  /** An ONVIF replay URI: the span is PLAY's `Range: clock=`. */
  onvif?: boolean;
}

const TIME_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?Z$/;

/** `YYYYMMDDThhmmss[.mmm]Z` → ms since the epoch; undefined when malformed. */
export function parseReplayTime(text: string): number | undefined {
  const m = TIME_RE.exec(text);
  if (m === null) return undefined;
  const n = (i: number): number => Number(m[i]);
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const t = Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6), ms);
  // Date.UTC rolls month 13 or second 61 over into the next one: only a time that reads back the same is valid.
  const back = new Date(t);
  const same = back.getUTCMonth() === n(2) - 1 && back.getUTCDate() === n(3) && back.getUTCHours() === n(4) && back.getUTCMinutes() === n(5) && back.getUTCSeconds() === n(6);
  return Number.isFinite(t) && same ? t : undefined;
}

/** Undefined when the URI is not a replay URI (the live parser handles it then). */
export function parseReplayUri(uri: string): ReplayTarget | undefined {
  let url: URL;
  try {
    url = new URL(uri.startsWith('/') ? `rtsp://local${uri}` : uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'rtsp:') return undefined;
  const parts = url.pathname.split('/').filter((s) => s.length > 0).map(decodeURIComponent);
  if ((parts[1] !== 'replay' && parts[1] !== 'recording') || parts.length > 3) return undefined;
  const camera = parts[0] as string;
  const origin = uri.startsWith('/') ? undefined : `rtsp://${url.host}`;
  const onvif = parts[1] === 'recording' ? { onvif: true } : {};
  if (parts.length === 3) {
    const m = /^trackID=(\d+)$/.exec(parts[2] ?? '');
    return { camera, track: m === null ? NaN : Number(m[1]), origin, span: undefined, ...onvif };
  }
  if (parts[1] === 'recording') return { camera, track: undefined, origin, span: undefined, onvif: true };
  const start = url.searchParams.get('starttime');
  const end = url.searchParams.get('endtime');
  if (start === null && end === null) return { camera, track: undefined, origin, span: undefined, problem: 'starttime and endtime are required' };
  const fromMs = start === null ? undefined : parseReplayTime(start);
  const toMs = end === null ? undefined : parseReplayTime(end);
  if (fromMs === undefined || toMs === undefined) {
    return { camera, track: undefined, origin, span: undefined, problem: 'starttime and endtime must be YYYYMMDDThhmmssZ' };
  }
  if (toMs <= fromMs) return { camera, track: undefined, origin, span: undefined, problem: 'endtime must be after starttime' };
  const rateText = url.searchParams.get('rate');
  const rate = rateText === null ? 1 : Number(rateText);
  if (!Number.isFinite(rate) || rate < 0) return { camera, track: undefined, origin, span: undefined, problem: 'rate must be a number >= 0' };
  return { camera, track: undefined, origin, span: { fromMs, toMs, rate } };
}

const CLOCK_RANGE_RE = /^clock=([0-9T.Z]+)-([0-9T.Z]*)$/;

/**
 * An ONVIF replay PLAY's span: `Range: clock=<start>-[<end>]` (an open end: up to now), paced in real
 * time unless `Rate-Control: no` (as fast as the client reads). A reason when unusable.
 */
export function parseClockRange(range: string | undefined, rateControl: string | undefined, nowMs: number): ReplaySpan | string {
  const m = range === undefined ? null : CLOCK_RANGE_RE.exec(range.trim());
  if (m === null) return 'PLAY of a recording needs Range: clock=YYYYMMDDThhmmssZ-[YYYYMMDDThhmmssZ]';
  const fromMs = parseReplayTime(m[1] ?? '');
  const toMs = m[2] === '' ? nowMs : parseReplayTime(m[2] ?? '');
  if (fromMs === undefined || toMs === undefined) return 'Range clock times must be YYYYMMDDThhmmss[.sss]Z';
  if (toMs <= fromMs) return 'the Range ends before it starts';
  return { fromMs, toMs, rate: rateControl?.trim().toLowerCase() === 'no' ? 0 : 1 };
}
