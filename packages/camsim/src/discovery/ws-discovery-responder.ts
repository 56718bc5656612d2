import { randomUUID } from 'node:crypto';
import dgram, { type RemoteInfo, type Socket } from 'node:dgram';
import { parseProbe, probeMatches, probeMatchesXml, scopesOf, type DiscoveredDevice } from './ws-discovery-messages.js';

export const WS_DISCOVERY_GROUP = '239.255.255.250';
export const WS_DISCOVERY_PORT = 3702;

export interface DiscoveryResponderOptions {
  /**
   * IPv4 address of the interface whose multicast group the responder joins, e.g. `127.0.0.1` for
   * `lo`. Tests must keep this on loopback: a ProbeMatch is never to reach a real network from them.
   */
  interfaceAddress: string;
  /** Join 239.255.255.250:3702 (default true); false answers unicast Probes only. */
  multicast?: boolean;
  /** Where unicast Probes are answered: default `interfaceAddress`. */
  unicastHost?: string;
  /** Default 3702; 0 picks a free port (tests that run beside others). */
  unicastPort?: number;
  device: Omit<DiscoveredDevice, 'endpointReference'> & { endpointReference?: string };
  log?: (message: string) => void;
}

export interface DiscoveryResponder {
  readonly device: DiscoveredDevice;
  /** Address and port unicast Probes go to. */
  readonly unicast: { host: string; port: number };
  /** Probes answered so far (multicast and unicast). */
  readonly answered: number;
  /** Changes the advertised device service URLs (the ONVIF device learns its port after start). */
  setXAddrs(xaddrs: string[]): void;
  close(): Promise<void>;
}

/**
 * A WS-Discovery target service, as an ONVIF camera runs one: answers Probes for
 * NetworkVideoTransmitter sent to the multicast group on one interface or to its own address.
 * Answers go back unicast to the sender, from the socket the Probe arrived on.
 */
export async function startDiscoveryResponder(options: DiscoveryResponderOptions): Promise<DiscoveryResponder> {
  const log = options.log ?? (() => undefined);
  const device: DiscoveredDevice = { ...options.device, endpointReference: options.device.endpointReference ?? `urn:uuid:${randomUUID()}` };
  let answered = 0;
  const sockets: Socket[] = [];

  const onMessage = (socket: Socket) => (message: Buffer, from: RemoteInfo) => {
    const probe = parseProbe(message.toString('utf8'));
    if (probe === null || !probeMatches(probe, scopesOf(device))) return;
    const reply = Buffer.from(probeMatchesXml(device, probe.messageId), 'utf8');
    socket.send(reply, from.port, from.address, (e) => {
      if (e) log(`ws-discovery: could not answer ${from.address}:${from.port}: ${e.message}`);
    });
    answered++;
  };

  const unicastHost = options.unicastHost ?? options.interfaceAddress;
  const unicast = dgram.createSocket({ type: 'udp4' });
  sockets.push(unicast);
  unicast.on('message', onMessage(unicast));
  unicast.on('error', (e) => log(`ws-discovery: ${e.message}`));
  await bind(unicast, options.unicastPort ?? WS_DISCOVERY_PORT, unicastHost);

  if (options.multicast !== false) {
    // Bound to the group address, so this socket sees the group's datagrams only (not unicast to
    // :3702); reuseAddr lets several simulated devices on one machine each get every Probe.
    const group = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    sockets.push(group);
    group.on('message', onMessage(group));
    group.on('error', (e) => log(`ws-discovery: ${e.message}`));
    try {
      await bind(group, WS_DISCOVERY_PORT, WS_DISCOVERY_GROUP);
      group.addMembership(WS_DISCOVERY_GROUP, options.interfaceAddress);
    } catch (e: unknown) {
      for (const s of sockets) s.close();
      throw new Error(`ws-discovery: cannot join ${WS_DISCOVERY_GROUP} on ${options.interfaceAddress}: ${(e as Error).message}`, { cause: e });
    }
  }
  const port = unicast.address().port;
  log(`ws-discovery: answering on ${unicastHost}:${port}${options.multicast !== false ? ` and ${WS_DISCOVERY_GROUP} via ${options.interfaceAddress}` : ''}`);

  return {
    device,
    unicast: { host: unicastHost, port },
    get answered() {
      return answered;
    },
    setXAddrs(xaddrs: string[]) {
      device.xaddrs = [...xaddrs];
    },
    async close() {
      await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

function bind(socket: Socket, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}
