import { startDiscoveryResponder, type CamsimOnvif, type DiscoveryResponder } from '@heldar/camsim';
import type { Logger } from 'pino';

/**
 * The demo's ONVIF login. A simulated device on loopback only: printed in the ready summary so the
 * Add-camera wizard's probe can be tried with it.
 */
export const DEMO_ONVIF_LOGIN = { username: 'demo', password: 'demo-onvif' } as const;
/** The interface the demo's discovery uses when HELDAR_DISCOVERY_INTERFACE is not set: loopback. */
export const DEMO_DISCOVERY_INTERFACE = '127.0.0.1';

/**
 * A WS-Discovery responder for the demo's ONVIF camera, on loopback: it joins the multicast group on
 * `lo` (the wizard's Discover finds it with no address typed) and answers unicast Probes on a free
 * port. A machine whose `lo` takes no multicast membership runs the demo without it (PTZ works all
 * the same), and says so once.
 */
export async function startDemoDiscovery(onvif: CamsimOnvif, camera: string, interfaceAddress: string, logger: Logger): Promise<DiscoveryResponder | null> {
  try {
    return await startDiscoveryResponder({
      interfaceAddress,
      unicastHost: '127.0.0.1',
      // A free port: 3702 itself may belong to another demo or a real ONVIF client on this machine.
      unicastPort: 0,
      device: { name: 'Entrance (demo ONVIF)', hardware: 'camsim', xaddrs: [onvif.deviceUrl(camera)] },
      log: (line) => logger.debug(line),
    });
  } catch (e: unknown) {
    logger.warn({ err: e }, 'demo: ONVIF discovery is off (no multicast on this interface); PTZ still works');
    return null;
  }
}
