import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscoveryResponder, WS_DISCOVERY_GROUP, WS_DISCOVERY_PORT, type DiscoveryResponder } from './ws-discovery-responder.js';

// A Probe as the WS-Discovery spec and ONVIF Core spec examples write it: written out by hand, so the
// responder is checked against the wire format and not against the kernel's own builder.
const probe = (id: string, types = '<d:Types>dn:NetworkVideoTransmitter</d:Types>') =>
  `<?xml version="1.0" encoding="UTF-8"?>
<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns:w="http://schemas.xmlsoap.org/ws/2004/08/addressing"
  xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">
  <e:Header><w:MessageID>uuid:${id}</w:MessageID><w:To e:mustUnderstand="true">urn:schemas-xmlsoap-org:ws:2005:04:discovery</w:To>
  <w:Action e:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</w:Action></e:Header>
  <e:Body><d:Probe>${types}</d:Probe></e:Body></e:Envelope>`;

/**
 * Sends one datagram from an ephemeral loopback socket and collects replies until `done` says so or
 * `ms` pass: UDP has no end of exchange, so a test that expects silence waits out the window.
 */
async function ask(message: string, port: number, host: string, done: (replies: string[]) => boolean = () => false, ms = 2000): Promise<string[]> {
  const socket = dgram.createSocket('udp4');
  const replies: string[] = [];
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.setMulticastInterface('127.0.0.1');
  socket.setMulticastLoopback(true);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    socket.on('message', (m) => {
      replies.push(m.toString('utf8'));
      if (done(replies)) {
        clearTimeout(timer);
        resolve();
      }
    });
    socket.send(message, port, host);
  });
  socket.close();
  return replies;
}

let responder: DiscoveryResponder | undefined;
afterEach(async () => {
  await responder?.close();
  responder = undefined;
});

describe('WS-Discovery responder', () => {
  it('answers a unicast Probe with a ProbeMatch naming the device', async () => {
    responder = await startDiscoveryResponder({
      interfaceAddress: '127.0.0.1',
      multicast: false,
      unicastPort: 0,
      device: { name: 'Front door', hardware: 'HeldarSim-1', location: 'garage', xaddrs: ['http://127.0.0.1:8080/onvif/device_service'] },
    });
    const [reply] = await ask(probe('1234'), responder.unicast.port, '127.0.0.1', (r) => r.length > 0);
    expect(reply).toContain('RelatesTo>uuid:1234<');
    expect(reply).toContain('discovery/ProbeMatches</');
    expect(reply).toContain(`<a:Address>${responder.device.endpointReference}</a:Address>`);
    expect(reply).toContain('<d:Types>dn:NetworkVideoTransmitter</d:Types>');
    expect(reply).toContain('onvif://www.onvif.org/name/Front%20door');
    expect(reply).toContain('onvif://www.onvif.org/hardware/HeldarSim-1');
    expect(reply).toContain('onvif://www.onvif.org/location/garage');
    expect(reply).toContain('<d:XAddrs>http://127.0.0.1:8080/onvif/device_service</d:XAddrs>');
    expect(responder.answered).toBe(1);
  });

  it('ignores Probes for other types and datagrams that are not XML', async () => {
    responder = await startDiscoveryResponder({ interfaceAddress: '127.0.0.1', multicast: false, unicastPort: 0, device: { name: 'a', hardware: 'b', xaddrs: [] } });
    expect(await ask(probe('1', '<d:Types>tds:Printer</d:Types>'), responder.unicast.port, '127.0.0.1', undefined, 400)).toEqual([]);
    expect(await ask('not xml <', responder.unicast.port, '127.0.0.1', undefined, 400)).toEqual([]);
    expect(responder.answered).toBe(0);
  });

  it('answers a Probe sent to the multicast group on lo', async () => {
    responder = await startDiscoveryResponder({ interfaceAddress: '127.0.0.1', unicastPort: 0, device: { name: 'mc-cam', hardware: 'sim', xaddrs: ['http://127.0.0.1:1/x'] } });
    const ours = (r: string) => r.includes(responder!.device.endpointReference);
    const replies = await ask(probe('mc-1'), WS_DISCOVERY_PORT, WS_DISCOVERY_GROUP, (all) => all.some(ours));
    // Other simulators on this machine may answer too; ours must be among them.
    expect(replies.some(ours)).toBe(true);
  });
});
