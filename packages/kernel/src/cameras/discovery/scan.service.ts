import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { BadRequest, NotFound } from '../../errors.js';
import type { EventLog } from '../../events/event-log.js';
import { discoverOnvif } from '../../onvif/ws-discovery-socket.js';
import { toRfc3339 } from '../../time.js';
import { tcpOpen } from './port-probes.js';
import { scanHost } from './scan-host.js';
import { parseScanTargets } from './scan-targets.js';
import type { ScanHost, ScanRequest, ScanResult } from './scan.types.js';

/** RTSP 554, 8554; HTTP 80, 8080; ONVIF 80, 8000, 8899. */
export const DEFAULT_SCAN_PORTS: readonly number[] = [554, 8554, 80, 8080, 8000, 8899];

export const SCAN_LIMITS = {
  /** TCP connects at once: enough to sweep a /24 in about a second, few enough for a small box. */
  connects: 64,
  /** Hosts examined (RTSP/HTTP requests) at once. */
  hosts: 16,
  /** ffprobe runs at once: each is a process decoding a stream header. */
  ffprobes: 4,
  connectTimeoutMs: 500,
  /** How long a unicast WS-Discovery Probe to each host with open ports is answered. */
  onvifProbeMs: 700,
  /** Finished scans kept for GET /api/discovery/scans/:id. */
  kept: 20,
} as const;

export interface ScanServiceDeps {
  ffprobeBin: string;
  events: EventLog;
  clock: Clock;
  logger: Logger;
  /** Addresses of cameras already registered. */
  registeredHosts: () => Promise<Set<string>>;
}

/**
 * Network scans: the addresses the user listed (never more), each port connected to with bounded
 * parallelism, then each answering host examined (scan-host.ts). Scans run in the background;
 * progress goes to the event log (`discovery_scan_progress`, `discovery_scan_done`) and the result
 * stays readable by id. Nothing here stores or reports a password.
 */
export class ScanService {
  private readonly scans = new Map<string, ScanResult>();
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private readonly verifySlot = pLimit(SCAN_LIMITS.ffprobes);

  constructor(private readonly deps: ScanServiceDeps) {}

  /** Validates the request (400 on bad targets or ports, nothing started) and starts the scan. */
  start(request: ScanRequest): ScanResult {
    const addresses = parseScanTargets(request.targets);
    const ports = [...new Set(request.ports ?? DEFAULT_SCAN_PORTS)];
    const bad = ports.find((p) => !Number.isInteger(p) || p < 1 || p > 65535);
    if (bad !== undefined) throw new BadRequest(`port ${bad} is not a TCP port (1–65535)`);
    const scan: ScanResult = {
      id: randomUUID(),
      state: 'running',
      targets: addresses.length,
      ports,
      scanned: 0,
      started_at: toRfc3339(this.deps.clock.now()),
      finished_at: null,
      hosts: [],
      error: null,
    };
    this.remember(scan);
    const abort = new AbortController();
    const done = this.run(scan, addresses, request, abort.signal)
      .then(
        (): Pick<ScanResult, 'state' | 'error'> => ({ state: abort.signal.aborted ? 'cancelled' : 'done', error: null }),
        (e: unknown): Pick<ScanResult, 'state' | 'error'> => {
          this.deps.logger.error({ err: e, scan_id: scan.id }, 'discovery scan failed');
          return { state: 'failed', error: e instanceof Error ? e.message : String(e) };
        },
      )
      .then(async (end) => {
        const finishedAt = this.deps.clock.now();
        await this.deps.events
          .log(null, 'discovery_scan_done', end.state === 'done' ? 'info' : 'warning', {
            scan_id: scan.id,
            state: end.state,
            targets: scan.targets,
            hosts: scan.hosts.length,
            streams: scan.hosts.filter((h) => h.rtsp_url !== null).length,
            seconds: (finishedAt - Date.parse(scan.started_at)) / 1000,
          })
          .catch((e: unknown) => this.deps.logger.error({ err: e }, 'discovery scan: could not log its end'));
        // The scan reads as over only once its done event is in the log: whoever sees it end (GET
        // /api/discovery/scans/:id) then finds that event. On PostgreSQL the read and the event's
        // insert take different pooled connections, so the other order let a reader miss it.
        Object.assign(scan, end, { finished_at: toRfc3339(finishedAt) });
        this.running.delete(scan.id);
      });
    this.running.set(scan.id, { abort, done });
    return scan;
  }

  get(id: string): ScanResult {
    const scan = this.scans.get(id);
    if (scan === undefined) throw new NotFound(`no scan ${id} (finished scans are kept until ${SCAN_LIMITS.kept} newer ones ran or the kernel restarts)`);
    return scan;
  }

  /** Cancels running scans and waits for them (kernel shutdown). */
  async stop(): Promise<void> {
    const all = [...this.running.values()];
    for (const r of all) r.abort.abort();
    await Promise.all(all.map((r) => r.done));
  }

  private async run(scan: ScanResult, addresses: string[], request: ScanRequest, signal: AbortSignal): Promise<void> {
    const connect = pLimit(SCAN_LIMITS.connects);
    const open = new Map<string, number[]>();
    let lastReported = 0;
    // Progress events one after the other: hosts finish concurrently, and on PostgreSQL two inserts
    // on two pooled connections could land in the log out of order (scanned 8 before scanned 5).
    let reported: Promise<unknown> = Promise.resolve();
    const report = async () => {
      // Ten progress events per scan at most: enough for a progress bar, few enough for the event log.
      const step = Math.floor((scan.scanned / scan.targets) * 10);
      if (step <= lastReported || scan.scanned === scan.targets) return;
      lastReported = step;
      const payload = { scan_id: scan.id, scanned: scan.scanned, targets: scan.targets, open_hosts: open.size };
      reported = reported.then(() => this.deps.events.log(null, 'discovery_scan_progress', 'info', payload));
      await reported;
    };
    await Promise.all(
      addresses.map(async (address) => {
        const ports = await Promise.all(scan.ports.map((port) => connect(async () => !signal.aborted && (await tcpOpen(address, port, SCAN_LIMITS.connectTimeoutMs)) && port)));
        const openPorts = ports.filter((p): p is number => p !== false);
        if (openPorts.length > 0) open.set(address, openPorts);
        scan.scanned++;
        await report();
      }),
    );
    if (signal.aborted || open.size === 0) return;
    // One unicast Probe to every host that answered: ONVIF names the maker (hardware scope).
    const onvif = await discoverOnvif({ multicast: false, unicast: [...open.keys()].map((host) => ({ host, port: 3702 })), timeoutMs: SCAN_LIMITS.onvifProbeMs, signal });
    const registered = await this.deps.registeredHosts();
    const hostSlot = pLimit(SCAN_LIMITS.hosts);
    const hosts = await Promise.all(
      [...open.entries()].map(([address, openPorts]) =>
        hostSlot(async (): Promise<ScanHost | null> => {
          if (signal.aborted) return null;
          const device = onvif.find((d) => d.address === address);
          return scanHost(
            { address, openPorts, registered: registered.has(address), onvif: device === undefined ? null : { xaddrs: device.xaddrs, name: device.name, hardware: device.hardware } },
            request.credentials ?? [],
            { ffprobeBin: this.deps.ffprobeBin, verifySlot: (run) => this.verifySlot(run), logger: this.deps.logger, signal },
          );
        }),
      ),
    );
    scan.hosts = hosts.filter((h): h is ScanHost => h !== null).sort((a, b) => compareAddresses(a.address, b.address));
  }

  private remember(scan: ScanResult): void {
    this.scans.set(scan.id, scan);
    for (const id of this.scans.keys()) {
      if (this.scans.size <= SCAN_LIMITS.kept) break;
      if (!this.running.has(id)) this.scans.delete(id);
    }
  }
}

function compareAddresses(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
