/**
 * The Add-camera wizard's shapes. Discovery comes from the generated contract; the probe answer
 * (POST /api/cameras/probe) is written out here as the kernel documents it, so the wizard builds
 * before that route is in the generated types.
 */
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

export interface ProbeProfile {
  token: string;
  name: string;
  stream_url: string | null;
  snapshot_url: string | null;
  video: { codec: string; width: number | null; height: number | null; fps?: number | null } | null;
  audio: { codec: string } | null;
}

export interface ProbeResult {
  source: string;
  device: Record<string, unknown> | null;
  profiles: ProbeProfile[];
  suggested: { stream_url: string | null; sub_stream_url: string | null; onvif_url: string | null };
  ptz: unknown;
  warnings: string[];
}

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
