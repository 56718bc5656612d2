/** The Add-camera wizard's shapes: the API's from the generated contract, and the wizard's own. */
import type { paths } from '../../api/openapi.gen';

type Json<Path extends keyof paths, Method extends keyof paths[Path], Status extends number> = paths[Path][Method] extends {
  responses: { [S in Status]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type OnvifDevice = Json<'/api/discovery/onvif', 'post', 200>['devices'][number];
export type ScanResult = Json<'/api/discovery/scans/{id}', 'get', 200>;
export type ScanHost = ScanResult['hosts'][number];
export type Vendor = Json<'/api/discovery/vendors', 'get', 200>['vendors'][number];

export type ProbeResult = Json<'/api/cameras/probe', 'post', 200>;
export type ProbeProfile = ProbeResult['profiles'][number];

/** What the user picked in Discover, Scan or Manual: an ONVIF device URL, or an RTSP URL. */
export type Pick =
  | { kind: 'onvif'; label: string; onvifUrl: string; name: string | null }
  | { kind: 'rtsp'; label: string; url: string; name: string | null; username?: string };

/** What the wizard hands the camera form: its first values, and fields the form does not edit. */
export interface Prefill {
  name: string;
  stream_url: string;
  sub_stream_url: string;
  username: string;
  password: string;
  onvif_url: string | null;
}
