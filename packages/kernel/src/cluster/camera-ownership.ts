// Length: the ownership loop is one state machine (owned, leaving, renewed, lost, claimed, handed
// over, self-fenced); split across files its invariants would be harder to see.
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { CameraOwnerRow, NodeState } from '../db/schema.js';
import type { EventLog } from '../events/event-log.js';
import type { CameraOwnerRepository } from './camera-owner.repository.js';
import { goneNodes, planRound, type HandOverReason } from './claim-plan.js';
import type { ClusterSettings } from './cluster-settings.js';
import type { NodeRepository } from './node.repository.js';
import type { RecorderOwnership, SegmentFence, SegmentFencing } from './segment-fencing.js';

/** Told when this node starts or stops holding a camera; the recorder reconciles it. */
export type OwnershipListener = (cameraId: string) => Promise<void>;

export interface CameraOwnershipDeps {
  settings: ClusterSettings;
  nodes: NodeRepository;
  owners: CameraOwnerRepository;
  events: EventLog;
  clock: Clock;
  logger: Logger;
  /** Free and total bytes of this node's recordings volume (the heartbeat carries them). */
  volume: () => Promise<{ freeBytes: number; totalBytes: number }>;
  /** Monotonic milliseconds (self-fencing must not follow a wall clock that jumps). */
  monotonic?: () => number;
  /** This process's presence lock (PostgreSQL), held from join to leave: its death is seen at once. */
  presence?: { start(): Promise<void>; stop(): Promise<void> } | null;
}

/**
 * Which cameras this node records, held as leases with fencing epochs in `camera_owners`. Every
 * heartbeat: renew this node's leases (a camera missing from the renewal was taken: its recorder
 * stops), take cameras without a live owner (a fair share, by priority, leaving each to its preferred
 * node), hand cameras over when draining or when their preferred node is back (stop first, then hand
 * over, so the gap is one ffmpeg start), and stop every recorder when renewals have failed for most
 * of a lease — before another node may take over.
 */
export class CameraOwnership implements SegmentFencing, RecorderOwnership {
  readonly enforced = true;
  private readonly owned = new Map<string, number>();
  /** Cameras being handed over: not recorded any more, but their last segment still indexes under the old epoch. */
  private readonly leaving = new Map<string, number>();
  private readonly listeners = new Set<OwnershipListener>();
  private readonly seenUpdates = new Map<string, number>();
  private readonly monotonic: () => number;
  private lastRenewal = Number.NEGATIVE_INFINITY;
  /** Whether the last round saw another live node, one that could take this node's cameras. */
  private othersSeenLive = false;
  private stateNow: NodeState = 'active';
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> = Promise.resolve();
  private readonly handing = new Set<Promise<void>>();
  private stopped = false;
  private joined = false;
  private rerun = false;
  private failures = 0;

  constructor(private readonly deps: CameraOwnershipDeps) {
    this.monotonic = deps.monotonic ?? (() => performance.now());
  }

  get nodeId(): string {
    return this.deps.settings.nodeId;
  }

  /**
   * Whose segment rows start-up recovery checks against this node's disk: this node's (several nodes,
   * each with its own volume), or every row (SQLite: one node, whatever its id was in earlier runs).
   */
  get recoveryNode(): string | null {
    return this.deps.settings.singleNode ? null : this.deps.settings.nodeId;
  }

  get state(): NodeState {
    return this.stateNow;
  }

  onChange(listener: OwnershipListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Registers this node and takes its cameras (before recovery and the recorders start), then heartbeats. */
  async join(): Promise<void> {
    const { settings, clock } = this.deps;
    await this.deps.presence?.start();
    await this.deps.nodes.join({ id: settings.nodeId, url: settings.url, capacity: settings.capacity, version: settings.version }, clock.now());
    await this.deps.events.log(null, 'node_joined', 'info', { node_id: settings.nodeId, url: settings.url, capacity: settings.capacity, version: settings.version });
    this.joined = true;
    await this.tick();
    this.deps.logger.info({ node_id: settings.nodeId, cameras: this.owned.size }, 'cluster: joined');
    this.schedule();
  }

  /** After the recorders stopped: lets go of every lease (others take the cameras at once) and marks the node stopped. */
  async leave(): Promise<void> {
    if (!this.joined || this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round;
    await Promise.all(this.handing);
    const { nodeId } = this.deps.settings;
    try {
      await this.deps.owners.release(nodeId);
      await this.deps.nodes.setState(nodeId, 'stopped');
    } catch (e: unknown) {
      this.deps.logger.warn({ err: e }, 'cluster: could not release leases at stop; other nodes take the cameras when they lapse');
    }
    await this.deps.presence?.stop();
    this.owned.clear();
  }

  owns(cameraId: string): boolean {
    return this.owned.has(cameraId);
  }

  ownedIds(): string[] {
    return [...this.owned.keys()];
  }

  fenceOf(cameraId: string): SegmentFence | null {
    const epoch = this.owned.get(cameraId) ?? this.leaving.get(cameraId);
    return epoch === undefined ? null : { nodeId: this.deps.settings.nodeId, epoch };
  }

  async claimIfAlone(cameraId: string): Promise<SegmentFence | null> {
    // Before the loop started too: footage indexed ahead of the recorders (tests, tools). One node
    // takes any camera; with several, only one no live node holds (the same compare-and-set as a claim).
    if (this.stopped) return null;
    if (this.deps.settings.singleNode) {
      await this.ensure(cameraId);
      return this.fenceOf(cameraId);
    }
    const now = this.deps.clock.now();
    const row = await this.deps.owners.find(cameraId);
    if (row !== undefined && row.lease_expires_at >= now) return this.fenceOf(cameraId);
    const epoch = await this.claim(cameraId, row ?? null, now);
    if (epoch === null) return null;
    this.owned.set(cameraId, epoch);
    return this.fenceOf(cameraId);
  }

  async refused(cameraId: string, fence: SegmentFence | null, keptAt: string): Promise<void> {
    const { settings, logger, events } = this.deps;
    logger.warn({ camera_id: cameraId, epoch: fence?.epoch ?? null, kept_at: keptAt }, 'cluster: segment not indexed: this node no longer holds the camera; its file is kept');
    await events.log(cameraId, 'segment_fenced', 'warning', { node_id: settings.nodeId, epoch: fence?.epoch ?? null, path: keptAt });
    if (fence !== null && this.owned.get(cameraId) === fence.epoch) {
      this.owned.delete(cameraId);
      this.notify([cameraId]);
    }
  }

  async ensure(cameraId: string): Promise<boolean> {
    if (this.owned.has(cameraId) || this.stopped) return this.owned.has(cameraId);
    if (!this.deps.settings.singleNode) {
      // Several nodes: a round now, with its fair share, rather than at the next heartbeat.
      this.runSoon();
      return false;
    }
    const now = this.deps.clock.now();
    const epoch = await this.claim(cameraId, await this.deps.owners.find(cameraId), now);
    if (epoch !== null) this.owned.set(cameraId, epoch);
    return epoch !== null;
  }

  async ownerOf(cameraId: string): Promise<{ nodeId: string; url: string | null } | null> {
    const row = await this.deps.owners.find(cameraId);
    if (row === undefined || row.lease_expires_at < this.deps.clock.now()) return null;
    const node = await this.deps.nodes.find(row.node_id);
    return { nodeId: row.node_id, url: node?.url ?? null };
  }

  /** The next round at once (a new camera to place); one already running is followed by another. */
  private runSoon(): void {
    if (!this.joined || this.stopped) return;
    if (this.timer === null) {
      this.rerun = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs = this.deps.settings.heartbeatMs): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.round = this.tick()
        .then(() => {
          if (this.failures > 0) this.deps.logger.info({ failed_rounds: this.failures }, 'cluster: heartbeats and renewals work again');
          this.failures = 0;
        })
        .catch((e: unknown) => {
          // One line per outage, not one a second.
          if (this.failures++ === 0) this.deps.logger.error({ err: e }, 'cluster: heartbeat or lease renewal failed; trying again every heartbeat');
        })
        .finally(() => {
          const again = this.rerun;
          this.rerun = false;
          this.schedule(again ? 0 : undefined);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One round: self-fence if renewals failed too long, heartbeat, renew, then claim and hand over. */
  async tick(): Promise<void> {
    const { settings, clock } = this.deps;
    this.fenceSelfIfLate();
    const renewedFrom = this.monotonic();
    const now = clock.now();
    const space = await this.deps.volume().catch(() => null);
    const state = await this.deps.nodes.heartbeat(settings.nodeId, now, space);
    if (state === undefined) {
      await this.deps.nodes.join({ id: settings.nodeId, url: settings.url, capacity: settings.capacity, version: settings.version }, now);
    }
    this.stateNow = state ?? 'active';
    const renewed = await this.deps.owners.renewMine(settings.nodeId, now + settings.leaseMs);
    this.lastRenewal = renewedFrom;
    if (this.stopped) return;
    this.applyRenewal(renewed);
    await this.planAndAct(now);
  }

  /**
   * The lease written at the last renewal runs out `leaseMs` after it was sent; with one heartbeat to
   * spare, this node stops recording before any other node may take its cameras (PostgreSQL down,
   * the process frozen and resumed). Not on SQLite, nor while the last round saw no other live node:
   * nobody could take over, so stopping would only cost footage (a node that joins meanwhile is kept
   * from indexing twice by the fenced insert all the same).
   */
  private fenceSelfIfLate(): void {
    const { settings, logger } = this.deps;
    if (settings.singleNode || this.owned.size === 0 || !this.othersSeenLive) return;
    const late = this.monotonic() - this.lastRenewal;
    if (late <= settings.leaseMs - Math.min(settings.heartbeatMs, settings.leaseMs / 3)) return;
    const ids = [...this.owned.keys()];
    logger.error({ cameras: ids.length, since_renewal_ms: Math.round(late) }, 'cluster: leases not renewed in time; stopping every recorder of this node before another node takes over');
    this.owned.clear();
    this.notify(ids);
  }

  private applyRenewal(renewed: readonly { camera_id: string; epoch: number }[]): void {
    const got = new Map(renewed.map((r) => [r.camera_id, Number(r.epoch)]));
    const changed: string[] = [];
    for (const [cameraId, epoch] of this.owned) {
      if (got.get(cameraId) === epoch) continue;
      this.owned.delete(cameraId);
      changed.push(cameraId);
      this.deps.logger.warn({ camera_id: cameraId, epoch }, 'cluster: another node took the camera; stopping its recorder');
    }
    for (const [cameraId, epoch] of got) {
      if (this.owned.has(cameraId) || this.leaving.has(cameraId)) continue;
      // Handed to this node (a drain, its preferred node), or this node's own lease from before a restart.
      this.owned.set(cameraId, epoch);
      changed.push(cameraId);
    }
    this.notify(changed);
  }

  private async planAndAct(now: number): Promise<void> {
    const { settings, owners } = this.deps;
    // Owners first, cameras second: a camera added in between has no row yet, rather than a row taken for a deleted camera's.
    const ownerRows = await owners.all();
    const cameras = await owners.cameras();
    const cameraIds = new Set(cameras.map((c) => c.id));
    // A deleted camera's row goes once nothing can still index under it: this node retires its own
    // (the recorder stops and indexes its last segment through the fence, then the row goes); another
    // node's only when its lease lapsed (that node retires it itself while it lives).
    const deleted = ownerRows.filter((r) => !cameraIds.has(r.camera_id));
    await owners.forget(
      deleted
        .filter((r) => (r.node_id === settings.nodeId ? !this.owned.has(r.camera_id) && !this.leaving.has(r.camera_id) : r.lease_expires_at < now))
        .map((r) => r.camera_id),
    );
    for (const r of deleted) if (r.node_id === settings.nodeId && this.owned.has(r.camera_id)) this.retire(r.camera_id);
    // Every camera has a holder, recording or not: start-up recovery, the mirror and backfill index a
    // disabled camera's footage through the same fence. The recorder runs only where the camera records.
    const wanted = cameras;
    // A camera changed on another node: its recorder here picks up the new settings.
    const edited: string[] = [];
    for (const cam of wanted) {
      const seen = this.seenUpdates.get(cam.id);
      this.seenUpdates.set(cam.id, cam.updated_at);
      if (seen !== undefined && seen !== cam.updated_at && this.owned.has(cam.id)) edited.push(cam.id);
    }
    this.notify(edited);

    if (settings.singleNode) {
      const claimed: string[] = [];
      const rows = new Map(ownerRows.map((r) => [r.camera_id, r]));
      for (const cam of wanted) {
        if (this.owned.has(cam.id)) continue;
        const epoch = await this.claim(cam.id, rows.get(cam.id) ?? null, now);
        if (epoch === null) continue;
        this.owned.set(cam.id, epoch);
        claimed.push(cam.id);
      }
      this.notify(claimed);
      return;
    }

    const nodes = await this.deps.nodes.list();
    const gone = goneNodes(nodes, await this.deps.nodes.present(nodes.map((n) => n.id)), settings.nodeId, now, settings.heartbeatMs);
    // A node known gone cannot take this node's cameras: it does not count.
    this.othersSeenLive = nodes.some((n) => n.id !== settings.nodeId && n.state !== 'stopped' && n.heartbeat_at > now - settings.leaseMs && !gone.has(n.id));
    const plan = planRound({
      self: settings.nodeId,
      selfState: this.stateNow,
      now,
      leaseMs: settings.leaseMs,
      nodes,
      gone,
      owners: ownerRows,
      cameras: wanted,
      mine: new Set(this.owned.keys()),
    });
    const claimed: { cameraId: string; seen: CameraOwnerRow | null; epoch: number; fromGone: boolean }[] = [];
    for (const { cameraId, seen } of plan.candidates) {
      if (claimed.length >= plan.share) break;
      const fromGone = seen !== null && gone.has(seen.node_id);
      const epoch = await this.claim(cameraId, seen, now, fromGone);
      if (epoch === null) continue;
      this.owned.set(cameraId, epoch);
      claimed.push({ cameraId, seen, epoch, fromGone });
    }
    // Every recorder starts now (a dead node's cameras all at once). The events are logged in the
    // background: on the shared pool, busy with those recorders starting, they must not hold up the
    // next round's renewal.
    this.notify(claimed.map((c) => c.cameraId));
    const moves = claimed.filter((c): c is typeof c & { seen: CameraOwnerRow } => c.seen !== null && c.seen.node_id !== settings.nodeId);
    if (moves.length > 0) this.inBackground(this.logTakeovers(moves, now), 'cluster: could not log a takeover');
    for (const { cameraId, to, reason } of plan.handOvers) {
      if (!this.owned.has(cameraId)) continue;
      this.inBackground(this.handOver(cameraId, to, reason), `cluster: hand-over of camera ${cameraId} to ${to} failed; the camera stays here`);
    }
  }

  private async logTakeovers(moves: readonly { cameraId: string; seen: CameraOwnerRow; epoch: number; fromGone: boolean }[], now: number): Promise<void> {
    const { settings, logger, events } = this.deps;
    for (const { cameraId, seen, epoch, fromGone } of moves) {
      const lapsed = seen.lease_expires_at > 0;
      const takeoverMs = lapsed ? now - (seen.lease_expires_at - settings.leaseMs) : null;
      const reason = fromGone ? 'node_gone' : lapsed ? 'lease_expired' : 'released';
      logger.warn({ camera_id: cameraId, from_node: seen.node_id, epoch, reason, takeover_ms: takeoverMs }, 'cluster: took over a camera');
      // Dated at the takeover, not at the write: on a node busy starting the recorders that is seconds later.
      await events.log(cameraId, 'camera_failed_over', lapsed ? 'warning' : 'info', { from_node: seen.node_id, to_node: settings.nodeId, epoch, reason, takeover_ms: takeoverMs }, now);
    }
  }

  /** Work a round starts and does not wait for; leave() does. */
  private inBackground(work: Promise<void>, failure: string): void {
    const tracked = work.catch((e: unknown) => this.deps.logger.error({ err: e }, failure));
    this.handing.add(tracked);
    void tracked.finally(() => this.handing.delete(tracked));
  }

  /**
   * Compare-and-set on the row seen: a new row at epoch 1, or the next epoch of a lapsed lease (SQLite,
   * or a node known gone: of any lease; the epoch compared still lets only one node win it).
   */
  private claim(cameraId: string, seen: { node_id: string; epoch: number; lease_expires_at: number } | null | undefined, now: number, ownerGone = false): Promise<number | null> {
    const { owners, settings } = this.deps;
    const expires = now + settings.leaseMs;
    if (seen === null || seen === undefined) return owners.claimNew(cameraId, settings.nodeId, now, expires);
    if (settings.singleNode && seen.node_id === settings.nodeId && seen.lease_expires_at > 0) {
      // Its own lease from the last run: the same epoch (nothing else can have written meanwhile).
      return owners.handOver(cameraId, settings.nodeId, Number(seen.epoch), settings.nodeId, now, expires);
    }
    return owners.claimLapsed(cameraId, Number(seen.epoch), settings.nodeId, now, expires, !settings.singleNode && !ownerGone);
  }

  /**
   * Stop, then hand over: the recorder finishes its segment (indexed under this epoch), then one
   * conditional update gives the camera to `to` with the next epoch; `to` starts recording at its
   * next heartbeat. The gap is that wait plus one ffmpeg start.
   */
  private async handOver(cameraId: string, to: string, reason: HandOverReason): Promise<void> {
    const epoch = this.owned.get(cameraId);
    if (epoch === undefined) return;
    const { owners, settings, clock, logger, events } = this.deps;
    const started = clock.now();
    this.owned.delete(cameraId);
    this.leaving.set(cameraId, epoch);
    try {
      await this.notifyNow(cameraId);
      const now = clock.now();
      const next = await owners.handOver(cameraId, settings.nodeId, epoch, to, now, now + settings.leaseMs);
      if (next === null) return;
      logger.info({ camera_id: cameraId, to, epoch: next, reason }, 'cluster: handed a camera over');
      await events.log(cameraId, 'camera_failed_over', 'info', { from_node: settings.nodeId, to_node: to, epoch: next, reason, takeover_ms: now - started });
    } finally {
      this.leaving.delete(cameraId);
    }
  }

  /** A deleted camera: its recorder stops (the last segment indexes under the held epoch), then its row goes. */
  private retire(cameraId: string): void {
    const epoch = this.owned.get(cameraId);
    if (epoch === undefined) return;
    this.owned.delete(cameraId);
    this.leaving.set(cameraId, epoch);
    const work = this.notifyNow(cameraId)
      .then(() => this.deps.owners.forget([cameraId]))
      .finally(() => this.leaving.delete(cameraId));
    this.inBackground(work, `cluster: could not let go of deleted camera ${cameraId}; trying again next round`);
  }

  /** Listeners run in the background: a recorder's graceful stop takes seconds, and renewals must go on. */
  private notify(cameraIds: readonly string[]): void {
    for (const id of cameraIds) {
      void this.notifyNow(id).catch((e: unknown) => this.deps.logger.error({ err: e, camera_id: id }, 'cluster: recorder reconcile after an ownership change failed'));
    }
  }

  private async notifyNow(cameraId: string): Promise<void> {
    for (const listener of this.listeners) await listener(cameraId);
  }
}
