import dgram from 'node:dgram';
import { buildProbe, parseProbeMatches, type ProbeMatch } from './ws-discovery.js';

export const WS_DISCOVERY_GROUP = '239.255.255.250';
export const WS_DISCOVERY_PORT = 3702;

export interface ProbeTarget {
  host: string;
  port: number;
}

export interface DiscoverOptions {
  /** IPv4 address of the interface to multicast from; the OS's choice when omitted. */
  interfaceAddress?: string;
  /** Send the Probe to 239.255.255.250:3702 (default true). */
  multicast?: boolean;
  /** Unicast Probes, for networks that drop multicast. */
  unicast?: readonly ProbeTarget[];
  /** How long answers are collected. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A device and the address its answer came from. */
export interface DiscoveredDevice extends ProbeMatch {
  address: string;
}

/**
 * Sends one Probe (multicast and/or unicast) from one UDP socket and collects the ProbeMatches that
 * answer it until the timeout; a device answering twice (multicast and unicast) is listed once.
 * Only answers that relate to this Probe's MessageID count.
 */
export async function discoverOnvif(options: DiscoverOptions): Promise<DiscoveredDevice[]> {
  const socket = dgram.createSocket({ type: 'udp4' });
  const found = new Map<string, DiscoveredDevice>();
  const { messageId, xml } = buildProbe();
  const probe = Buffer.from(xml, 'utf8');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      // Any address: unicast answers come back to whichever local address routed the Probe.
      socket.bind(0, '0.0.0.0', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // Unicast only: once every listed host has answered there is nothing left to wait for.
    const waitingFor = options.multicast === false ? new Set((options.unicast ?? []).map((t) => t.host)) : null;
    let allAnswered: () => void = () => undefined;
    socket.on('message', (message, from) => {
      for (const match of parseProbeMatches(message.toString('utf8'), messageId)) {
        if (!found.has(match.endpointReference)) found.set(match.endpointReference, { ...match, address: from.address });
        waitingFor?.delete(from.address);
      }
      if (waitingFor !== null && waitingFor.size === 0) allAnswered();
    });
    // A send error (no route, host unreachable) ends nothing: other targets may still answer.
    socket.on('error', () => undefined);
    const sends: Promise<void>[] = [];
    const send = (port: number, host: string) =>
      new Promise<void>((resolve) => {
        socket.send(probe, port, host, () => resolve());
      });
    if (options.multicast !== false) {
      if (options.interfaceAddress !== undefined) socket.setMulticastInterface(options.interfaceAddress);
      // Loopback on: devices on this very machine (a simulator, a local bridge) must hear it too.
      socket.setMulticastLoopback(true);
      // TTL 1: a Probe stays on the local link, as WS-Discovery requires.
      socket.setMulticastTTL(1);
      sends.push(send(WS_DISCOVERY_PORT, WS_DISCOVERY_GROUP));
    }
    for (const t of options.unicast ?? []) sends.push(send(t.port, t.host));
    await Promise.all(sends);
    await new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(end, options.timeoutMs);
      allAnswered = end;
      if (waitingFor !== null && waitingFor.size === 0) end();
      options.signal?.addEventListener('abort', end, { once: true });
    });
  } finally {
    socket.close();
  }
  return [...found.values()];
}
