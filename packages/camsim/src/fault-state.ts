import type { Fault, FaultKind } from './types.js';

interface ActiveFault {
  fault: Fault;
  /** Monotonic ms at which a timed fault ends by itself. */
  until: number | undefined;
}

function durationOf(fault: Fault): number | undefined {
  switch (fault.kind) {
    case 'stall':
    case 'refuse':
    case 'no_keyframe':
      return fault.seconds;
    default:
      return undefined;
  }
}

/** The faults a camera has in force, with their expiry; one per kind, a new one replaces the old. */
export class FaultState {
  private readonly active = new Map<FaultKind, ActiveFault>();

  set(fault: Fault, nowMs: number): void {
    const seconds = durationOf(fault);
    this.active.set(fault.kind, { fault, until: seconds === undefined ? undefined : nowMs + seconds * 1000 });
  }

  clear(kind?: FaultKind): FaultKind[] {
    const cleared = kind === undefined ? [...this.active.keys()] : this.active.has(kind) ? [kind] : [];
    for (const k of cleared) this.active.delete(k);
    return cleared;
  }

  /** Removes faults whose time is up and returns their kinds. */
  expire(nowMs: number): FaultKind[] {
    const expired: FaultKind[] = [];
    for (const [kind, a] of this.active) {
      if (a.until !== undefined && nowMs >= a.until) expired.push(kind);
    }
    for (const k of expired) this.active.delete(k);
    return expired;
  }

  get<K extends FaultKind>(kind: K): Extract<Fault, { kind: K }> | undefined {
    return this.active.get(kind)?.fault as Extract<Fault, { kind: K }> | undefined;
  }

  has(kind: FaultKind): boolean {
    return this.active.has(kind);
  }

  kinds(): FaultKind[] {
    return [...this.active.keys()];
  }
}
