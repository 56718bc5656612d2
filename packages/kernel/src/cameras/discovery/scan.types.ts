import type { VendorId } from './vendor-templates.js';

export interface ScanCredential {
  username: string;
  password: string;
}

export interface ScanRequest {
  targets: string;
  ports?: number[];
  credentials?: ScanCredential[];
}

/** What a scan learned about one address that answered on at least one port. */
export interface ScanHost {
  address: string;
  open_ports: number[];
  rtsp_port: number | null;
  http_port: number | null;
  vendor: VendorId | null;
  /** What the guess rests on, e.g. `RTSP Server: Hikvision`. */
  vendor_clue: string | null;
  onvif: { xaddrs: string[]; name: string | null; hardware: string | null } | null;
  /** A URL ffprobe opened, its password masked. */
  rtsp_url: string | null;
  /** Index into the request's credentials of the one that worked; null when none was needed or none worked. */
  credential_index: number | null;
  video: { codec: string; width: number | null; height: number | null } | null;
  /** Why no URL was found, or what was held back (e.g. the one-attempt rule). */
  note: string | null;
  /** A camera with this address is already registered. */
  registered: boolean;
}

export type ScanState = 'running' | 'done' | 'failed' | 'cancelled';

export interface ScanResult {
  id: string;
  state: ScanState;
  targets: number;
  ports: number[];
  scanned: number;
  started_at: string;
  finished_at: string | null;
  hosts: ScanHost[];
  error: string | null;
}
