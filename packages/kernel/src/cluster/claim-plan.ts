import type { CameraOwnerRow, NodeRow, NodeState } from '../db/schema.js';

/** What a round of the ownership loop knows of a camera that should record. */
export interface WantedCamera {
  id: string;
  failover_priority: number;
  preferred_node_id: string | null;
}

export interface PlanInput {
  self: string;
  selfState: NodeState;
  now: number;
  leaseMs: number;
  nodes: readonly NodeRow[];
  /** Nodes known dead before their leases run out (goneNodes): their cameras are free now. */
  gone?: ReadonlySet<string>;
  owners: readonly CameraOwnerRow[];
  /** Cameras that should record (enabled, recording on). */
  cameras: readonly WantedCamera[];
  /** Cameras this node records now. */
  mine: ReadonlySet<string>;
}

export type HandOverReason = 'drain' | 'preferred_node';

export interface ClaimPlan {
  /** Cameras without a live owner this node may take, in the order to try (preferred here first, then priority). */
  candidates: { cameraId: string; seen: CameraOwnerRow | null }[];
  /** How many of them to take this round: its fair share, so that survivors split a dead node's cameras. */
  share: number;
  /** Cameras this node should give away (it drains, or their preferred node is back). */
  handOvers: { cameraId: string; to: string; reason: HandOverReason }[];
}

/** A node that takes cameras: active, and its heartbeat fresh (within one lease). */
export function isLive(node: NodeRow, now: number, leaseMs: number): boolean {
  return node.heartbeat_at >= now - leaseMs;
}

/**
 * Nodes whose process is dead though their leases still run: PostgreSQL no longer sees their presence
 * lock (the process died and its connections closed) and they missed two heartbeats (a node whose
 * presence connection alone dropped, say at a database restart, still heartbeats). Null presence (the
 * engine cannot tell): none.
 */
export function goneNodes(nodes: readonly NodeRow[], present: ReadonlySet<string> | null, self: string, now: number, heartbeatMs: number): Set<string> {
  if (present === null) return new Set();
  return new Set(nodes.filter((n) => n.id !== self && n.state !== 'stopped' && !present.has(n.id) && n.heartbeat_at < now - 2 * heartbeatMs).map((n) => n.id));
}

/**
 * One round's decisions for one node, from a snapshot of the database (pure). Claims race with the
 * other nodes' rounds; the compare-and-set in the database settles each camera, so a plan only has
 * to be fair, not exact: a node fills up to its capacity's part of all cameras (so two survivors
 * split a dead node's cameras, and a node with more room takes more), highest failover_priority
 * first, and leaves a camera to its preferred node while that node is live and has room.
 */
export function planRound(input: PlanInput): ClaimPlan {
  const { self, now, leaseMs } = input;
  const gone = input.gone ?? new Set<string>();
  const stillHeld = (row: CameraOwnerRow) => row.lease_expires_at >= now && !gone.has(row.node_id);
  const liveOwners = new Map<string, number>();
  for (const row of input.owners) if (stillHeld(row)) liveOwners.set(row.node_id, (liveOwners.get(row.node_id) ?? 0) + 1);
  const takers = input.nodes.filter((n) => n.state === 'active' && isLive(n, now, leaseMs) && !gone.has(n.id));
  const free = new Map(takers.map((n) => [n.id, Math.max(0, n.capacity - (liveOwners.get(n.id) ?? 0))]));
  const hasRoom = (id: string | null): id is string => id !== null && (free.get(id) ?? 0) > 0;

  const ownerOf = new Map(input.owners.map((r) => [r.camera_id, r]));
  const orphans = input.cameras
    .filter((c) => {
      const row = ownerOf.get(c.id);
      return row === undefined || !stillHeld(row);
    })
    .sort((a, b) => b.failover_priority - a.failover_priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  let candidates: ClaimPlan['candidates'] = [];
  let share = 0;
  if (input.selfState === 'active' && hasRoom(self)) {
    const preferredHere = orphans.filter((c) => c.preferred_node_id === self);
    const open = orphans.filter((c) => c.preferred_node_id !== self && !(c.preferred_node_id !== null && hasRoom(c.preferred_node_id)));
    // Fill towards an even load: every live node's part of all cameras (held + orphaned) in proportion
    // to its capacity, less what it holds. At least one a round when no other node is below its part,
    // so cameras never wait on rounding.
    const load = (id: string) => liveOwners.get(id) ?? 0;
    const heldAll = takers.reduce((sum, n) => sum + load(n.id), 0);
    const capacity = takers.reduce((sum, n) => sum + n.capacity, 0);
    const targetOf = (n: NodeRow) => (capacity === 0 ? 0 : Math.min(n.capacity, Math.ceil(((heldAll + open.length) * n.capacity) / capacity)));
    const me = takers.find((n) => n.id === self);
    const othersBelow = takers.some((n) => n.id !== self && load(n.id) < targetOf(n));
    const due = me === undefined ? 0 : targetOf(me) - load(self);
    const fair = open.length === 0 ? 0 : othersBelow ? Math.max(0, due) : Math.max(1, due);
    share = Math.min(free.get(self) ?? 0, preferredHere.length + fair);
    candidates = [...preferredHere, ...open].map((c) => ({ cameraId: c.id, seen: ownerOf.get(c.id) ?? null }));
  }

  const handOvers: ClaimPlan['handOvers'] = [];
  const others = takers.filter((n) => n.id !== self);
  for (const cam of input.cameras) {
    if (!input.mine.has(cam.id)) continue;
    const preferred = cam.preferred_node_id !== self && others.some((n) => n.id === cam.preferred_node_id) && hasRoom(cam.preferred_node_id) ? cam.preferred_node_id : null;
    let to: string | null = preferred;
    let reason: HandOverReason = 'preferred_node';
    if (input.selfState === 'draining') {
      reason = 'drain';
      to ??= roomiest(others, free);
    }
    if (to === null) continue;
    free.set(to, (free.get(to) ?? 1) - 1);
    handOvers.push({ cameraId: cam.id, to, reason });
  }
  return { candidates, share, handOvers };
}

function roomiest(nodes: readonly NodeRow[], free: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  for (const n of nodes) if ((free.get(n.id) ?? 0) > 0 && (best === null || (free.get(n.id) ?? 0) > (free.get(best) ?? 0))) best = n.id;
  return best;
}
