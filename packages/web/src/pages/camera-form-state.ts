/**
 * The camera form's state as text boxes hold it, and its way to and from the API's camera: every field
 * the API accepts, numbers sent as text when they are not numbers (so the API's 400 names the field).
 */
import type { Camera, RecordMode } from '../api/models';
import { joinTopics, splitTopics } from '../cameras/onvif-topics';

export interface FormState {
  id: string;
  name: string;
  enabled: boolean;
  record_enabled: boolean;
  /** '' (a new camera only): left to the server's default, the `camera_record_mode` setting. */
  record_mode: RecordMode | '';
  source: 'url' | 'address';
  stream_url: string;
  address: string;
  port: string;
  path: string;
  username: string;
  password: string;
  clear_password: boolean;
  sub_stream_url: string;
  segment_seconds: string;
  record_audio: boolean;
  mirror_enabled: boolean;
  pre_roll_seconds: string;
  post_roll_seconds: string;
  retention_days: string;
  /** retention_max_bytes in GiB (the unit the storage page shows). */
  retention_max_gib: string;
  detect_fps: string;
  /** The ONVIF device service URL (PTZ, ONVIF events). */
  onvif_url: string;
  /** ONVIF trigger topics: the checklist's, and the free text's (one a line). */
  onvif_topics: string[];
  onvif_topics_other: string;
}

/** A new camera: the fields with a run-time default (the `camera_*` settings) start empty and are left out when still empty. */
export const EMPTY: FormState = {
  id: '',
  name: '',
  enabled: true,
  record_enabled: true,
  record_mode: '',
  source: 'url',
  stream_url: '',
  address: '',
  port: '554',
  path: '',
  username: '',
  password: '',
  clear_password: false,
  sub_stream_url: '',
  segment_seconds: '',
  record_audio: false,
  mirror_enabled: false,
  pre_roll_seconds: '',
  post_roll_seconds: '',
  retention_days: '',
  retention_max_gib: '',
  detect_fps: '',
  onvif_url: '',
  onvif_topics: [],
  onvif_topics_other: '',
};

export function fromCamera(c: Camera): FormState {
  const text = (v: string | number | null) => (v === null ? '' : String(v));
  const topics = splitTopics(c.onvif_trigger_topics);
  return {
    ...EMPTY,
    id: c.id,
    name: c.name,
    enabled: c.enabled,
    record_enabled: c.record_enabled,
    record_mode: c.record_mode,
    source: c.stream_url ? 'url' : 'address',
    stream_url: text(c.stream_url),
    address: text(c.address),
    port: text(c.port),
    path: text(c.path),
    username: text(c.username),
    sub_stream_url: text(c.sub_stream_url),
    segment_seconds: text(c.segment_seconds),
    record_audio: c.record_audio,
    mirror_enabled: c.mirror_enabled,
    pre_roll_seconds: text(c.pre_roll_seconds),
    post_roll_seconds: text(c.post_roll_seconds),
    retention_days: text(c.retention_days),
    retention_max_gib: text(c.retention_max_bytes === null ? null : c.retention_max_bytes / GIB),
    detect_fps: text(c.detect_fps),
    onvif_url: text(c.onvif_url),
    onvif_topics: topics.known,
    onvif_topics_other: topics.other,
  };
}

/** A typed number when the text is one; otherwise the text itself, so the API's message names the field. */
const num = (s: string): number | string => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);
const numOrNull = (s: string): number | string | null => (s.trim() === '' ? null : num(s));
const textOrNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());
const GIB = 2 ** 30;
/** GiB typed in the form as whole bytes for the API (exact back and forth for any stored byte count). */
const gibToBytes = (s: string): number | string | null => {
  const gib = numOrNull(s);
  return typeof gib === 'number' ? Math.round(gib * GIB) : gib;
};

/** The request body: every field for a new camera (empty ones left to the server's defaults). */
export function toBody(f: FormState): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: f.name,
    enabled: f.enabled,
    record_enabled: f.record_enabled,
    record_mode: f.record_mode === '' ? null : f.record_mode,
    stream_url: f.source === 'url' ? textOrNull(f.stream_url) : null,
    address: f.source === 'address' ? textOrNull(f.address) : null,
    port: f.source === 'address' ? numOrNull(f.port) : null,
    path: f.source === 'address' ? textOrNull(f.path) : null,
    username: textOrNull(f.username),
    sub_stream_url: textOrNull(f.sub_stream_url),
    segment_seconds: numOrNull(f.segment_seconds),
    record_audio: f.record_audio,
    mirror_enabled: f.mirror_enabled,
    pre_roll_seconds: numOrNull(f.pre_roll_seconds),
    post_roll_seconds: numOrNull(f.post_roll_seconds),
    retention_days: numOrNull(f.retention_days),
    retention_max_bytes: gibToBytes(f.retention_max_gib),
    detect_fps: numOrNull(f.detect_fps),
    onvif_url: textOrNull(f.onvif_url),
    onvif_trigger_topics: joinTopics(f.onvif_topics, f.onvif_topics_other),
  };
  if (f.password !== '') body.password = f.password;
  else if (f.clear_password) body.password = null;
  return body;
}

/** Only what changed, for PATCH (a masked URL sent back unchanged would be refused, and rightly). */
export function changes(f: FormState, original: FormState): Record<string, unknown> {
  const now = toBody(f);
  const before = toBody(original);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(now)) if (JSON.stringify(value) !== JSON.stringify(before[key])) out[key] = value;
  return out;
}

/** The field a validation message is about (`segment_seconds must be at least 2`, `unknown field "x"`). */
export function fieldOf(message: string): string | null {
  const m = /^`?([a-z_]+)`?\s/.exec(message) ?? /"([a-z_]+)"/.exec(message);
  return m ? m[1]! : null;
}
