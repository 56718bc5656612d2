import { describe, expect, it } from 'vitest';
import { buildProbe, parseProbeMatches } from './ws-discovery.js';

// A ProbeMatches as cameras send it (SOAP-ENV/wsa/wsdd prefixes, like many vendors' firmware), written
// out by hand so the parser is checked against the wire format rather than against the simulator.
const MATCH = `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing"
 xmlns:wsdd="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">
<SOAP-ENV:Header><wsa:MessageID>uuid:answer-1</wsa:MessageID><wsa:RelatesTo>uuid:probe-1</wsa:RelatesTo>
<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action></SOAP-ENV:Header>
<SOAP-ENV:Body><wsdd:ProbeMatches><wsdd:ProbeMatch>
<wsa:EndpointReference><wsa:Address>urn:uuid:4a5b-11</wsa:Address></wsa:EndpointReference>
<wsdd:Types>dn:NetworkVideoTransmitter tds:Device</wsdd:Types>
<wsdd:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/Front%20Door onvif://www.onvif.org/hardware/DS-2CD2043G2-I onvif://www.onvif.org/location/city/Berlin</wsdd:Scopes>
<wsdd:XAddrs>http://192.168.1.64/onvif/device_service http://[fe80::1]/onvif/device_service</wsdd:XAddrs>
<wsdd:MetadataVersion>10</wsdd:MetadataVersion>
</wsdd:ProbeMatch></wsdd:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>`;

describe('WS-Discovery messages', () => {
  it('builds a Probe for NetworkVideoTransmitter with its MessageID', () => {
    const { messageId, xml } = buildProbe('uuid:probe-9');
    expect(messageId).toBe('uuid:probe-9');
    expect(xml).toContain('<a:MessageID>uuid:probe-9</a:MessageID>');
    expect(xml).toContain('<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>');
    expect(xml).toContain('<d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe>');
    expect(xml).toContain('xmlns:dn="http://www.onvif.org/ver10/network/wsdl"');
  });

  it('reads a ProbeMatch answering its Probe, scopes decoded', () => {
    expect(parseProbeMatches(MATCH, 'uuid:probe-1')).toEqual([
      {
        endpointReference: 'urn:uuid:4a5b-11',
        types: ['dn:NetworkVideoTransmitter', 'tds:Device'],
        scopes: [
          'onvif://www.onvif.org/type/video_encoder',
          'onvif://www.onvif.org/name/Front%20Door',
          'onvif://www.onvif.org/hardware/DS-2CD2043G2-I',
          'onvif://www.onvif.org/location/city/Berlin',
        ],
        xaddrs: ['http://192.168.1.64/onvif/device_service', 'http://[fe80::1]/onvif/device_service'],
        name: 'Front Door',
        hardware: 'DS-2CD2043G2-I',
        location: 'city/Berlin',
      },
    ]);
  });

  it('drops answers to another Probe, broken XML and other messages', () => {
    expect(parseProbeMatches(MATCH, 'uuid:other')).toEqual([]);
    expect(parseProbeMatches('<Envelope><Body>', 'uuid:probe-1')).toEqual([]);
    expect(parseProbeMatches(buildProbe().xml)).toEqual([]);
  });
});
