import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/schemas.js';
import { OnvifDiscoveryBody, OnvifDiscoveryResponse, ScanBody, ScanIdParams, ScanResultSchema, VendorsResponse } from './discovery.schemas.js';
import type { OnvifDiscoveryService } from './onvif-discovery.service.js';
import type { ScanService } from './scan.service.js';
import { VENDORS } from './vendor-templates.js';

export interface DiscoveryRoutesDeps {
  onvif: OnvifDiscoveryService;
  scans: ScanService;
}

export const discoveryRoutes: FastifyPluginAsyncTypebox<DiscoveryRoutesDeps> = async (app, { onvif, scans }) => {
  const tags = ['discovery'];

  app.post('/api/discovery/onvif', {
    schema: {
      tags,
      summary: 'Find ONVIF cameras (WS-Discovery)',
      description: 'One Probe for NetworkVideoTransmitter, multicast to 239.255.255.250:3702 on one interface and unicast to the listed hosts; answers are collected for `timeout_ms`.',
      body: OnvifDiscoveryBody,
      response: { 200: OnvifDiscoveryResponse, ...errorResponses(400) },
    },
    handler: async (request) => ({ devices: await onvif.discover(request.body) }),
  });

  app.post('/api/discovery/scan', {
    schema: {
      tags,
      summary: 'Scan addresses for cameras',
      description:
        'Starts a scan of exactly the listed addresses (at most 1,024) and answers 202 at once; progress arrives as `discovery_scan_progress` events, the end as `discovery_scan_done`, the result at GET /api/discovery/scans/:id.',
      body: ScanBody,
      response: { 202: ScanResultSchema, ...errorResponses(400) },
    },
    handler: async (request, reply) => {
      const scan = scans.start(request.body);
      request.auditTarget = scan.id;
      return reply.status(202).send(scan);
    },
  });

  app.get('/api/discovery/scans/:id', {
    schema: { tags, summary: 'A scan and its result', params: ScanIdParams, response: { 200: ScanResultSchema, ...errorResponses(404) } },
    handler: (request) => scans.get(request.params.id),
  });

  app.get('/api/discovery/vendors', {
    schema: { tags, summary: 'RTSP URL templates per camera maker', response: { 200: VendorsResponse } },
    handler: () => ({
      vendors: VENDORS.map((v) => ({ id: v.id, name: v.name, rtsp_port: v.rtspPort, main_path: v.mainPath, sub_path: v.subPath, locks_accounts: v.locksAccounts })),
    }),
  });
};
