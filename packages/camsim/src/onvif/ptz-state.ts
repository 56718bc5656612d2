/** A pan/tilt/zoom position; pan and tilt in [-1, 1], zoom in [0, 1] (ONVIF's generic spaces). */
export interface PtzPosition {
  pan: number;
  tilt: number;
  zoom: number;
}

export interface PtzPreset {
  token: string;
  name: string;
  position: PtzPosition;
}

/** Full range (pan −1 → 1) in four seconds at velocity 1, like a slow dome. */
const UNITS_PER_SECOND = 0.5;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * One video source's simulated PTZ head: ContinuousMove sets a velocity, the position follows
 * velocity × elapsed time (clamped to the ranges), Stop freezes it; presets are stored positions.
 */
export class PtzState {
  private base: PtzPosition = { pan: 0, tilt: 0, zoom: 0 };
  private velocity: PtzPosition = { pan: 0, tilt: 0, zoom: 0 };
  private since = 0;
  private until = Infinity;
  private readonly presets = new Map<string, PtzPreset>();
  private nextPreset = 1;

  constructor(private readonly now: () => number) {}

  position(): PtzPosition {
    const t = Math.min(this.now(), this.until);
    const dt = Math.max(0, t - this.since) / 1000;
    return {
      pan: clamp(this.base.pan + this.velocity.pan * UNITS_PER_SECOND * dt, -1, 1),
      tilt: clamp(this.base.tilt + this.velocity.tilt * UNITS_PER_SECOND * dt, -1, 1),
      zoom: clamp(this.base.zoom + this.velocity.zoom * UNITS_PER_SECOND * dt, 0, 1),
    };
  }

  moving(): boolean {
    const v = this.velocity;
    return (v.pan !== 0 || v.tilt !== 0 || v.zoom !== 0) && this.now() < this.until;
  }

  /** `timeoutMs`: the move stops by itself after it (ContinuousMove's Timeout). */
  move(velocity: PtzPosition, timeoutMs?: number): void {
    this.freeze();
    this.velocity = { pan: clamp(velocity.pan, -1, 1), tilt: clamp(velocity.tilt, -1, 1), zoom: clamp(velocity.zoom, -1, 1) };
    this.until = timeoutMs === undefined ? Infinity : this.since + timeoutMs;
  }

  stop(): void {
    this.freeze();
  }

  listPresets(): PtzPreset[] {
    return [...this.presets.values()];
  }

  /** Stores the current position under `name` (a new token, or `token` overwritten). */
  setPreset(name: string, token?: string): string {
    const t = token ?? `preset_${this.nextPreset++}`;
    this.presets.set(t, { token: t, name, position: this.position() });
    return t;
  }

  /** Moves straight to a preset; false when there is no such token. */
  gotoPreset(token: string): boolean {
    const preset = this.presets.get(token);
    if (preset === undefined) return false;
    this.velocity = { pan: 0, tilt: 0, zoom: 0 };
    this.base = { ...preset.position };
    this.since = this.now();
    this.until = Infinity;
    return true;
  }

  private freeze(): void {
    this.base = this.position();
    this.velocity = { pan: 0, tilt: 0, zoom: 0 };
    this.since = this.now();
    this.until = Infinity;
  }
}
