/**
 * Where each camera maker puts its RTSP streams: the main and sub stream paths the Add-camera wizard
 * offers and the scan tries. Paths come from the makers' own integration guides. `locksAccounts`:
 * the maker locks the account after a few failed logins (Hikvision, Dahua and Dahua-built Amcrest), so a
 * scan spends at most one credential attempt on such a camera.
 */
export interface VendorTemplate {
  id: VendorId;
  name: string;
  rtspPort: number;
  mainPath: string;
  subPath: string | null;
  locksAccounts: boolean;
  /** Matched against HTTP/RTSP Server headers and ONVIF hardware/name scopes. */
  hints: RegExp;
}

export type VendorId = 'hikvision' | 'dahua' | 'axis' | 'reolink' | 'amcrest' | 'generic';

export const VENDORS: readonly VendorTemplate[] = [
  { id: 'hikvision', name: 'Hikvision', rtspPort: 554, mainPath: '/Streaming/Channels/101', subPath: '/Streaming/Channels/102', locksAccounts: true, hints: /hikvision|hik-?connect|dnvrs-webs|app-webs|\bDS-\d[A-Z]{1,2}\d/i },
  { id: 'dahua', name: 'Dahua', rtspPort: 554, mainPath: '/cam/realmonitor?channel=1&subtype=0', subPath: '/cam/realmonitor?channel=1&subtype=1', locksAccounts: true, hints: /dahua|dh-ipc|dh-sd/i },
  { id: 'axis', name: 'Axis', rtspPort: 554, mainPath: '/axis-media/media.amp', subPath: '/axis-media/media.amp?resolution=640x360', locksAccounts: false, hints: /axis/i },
  { id: 'reolink', name: 'Reolink', rtspPort: 554, mainPath: '/h264Preview_01_main', subPath: '/h264Preview_01_sub', locksAccounts: false, hints: /reolink/i },
  { id: 'amcrest', name: 'Amcrest', rtspPort: 554, mainPath: '/cam/realmonitor?channel=1&subtype=0', subPath: '/cam/realmonitor?channel=1&subtype=1', locksAccounts: true, hints: /amcrest/i },
  { id: 'generic', name: 'Generic (ONVIF Profile S and most others)', rtspPort: 554, mainPath: '/stream1', subPath: '/stream2', locksAccounts: false, hints: /(?!)/ },
];

/** Paths many cameras without a known maker serve; tried after every maker's main path. */
export const GENERIC_SCAN_PATHS: readonly string[] = ['/stream1', '/live', '/h264', '/live/ch00_0', '/onvif1', '/videoMain', '/11', '/media/video1', '/'];

export function vendorById(id: string): VendorTemplate | undefined {
  return VENDORS.find((v) => v.id === id);
}

/** The maker a Server header or ONVIF scope names; null when none does. */
export function guessVendor(...clues: readonly (string | null | undefined)[]): VendorTemplate | null {
  for (const clue of clues) {
    if (clue === null || clue === undefined || clue === '') continue;
    const vendor = VENDORS.find((v) => v.hints.test(clue));
    if (vendor !== undefined) return vendor;
  }
  return null;
}

/**
 * The RTSP paths a scan tries on a host, best first: the guessed maker's own, then the generic ones and
 * every other maker's (a guess can be wrong; trying a path without credentials costs no login).
 */
export function scanPaths(vendor: VendorTemplate | null): string[] {
  const own = vendor !== null && vendor.id !== 'generic' ? [vendor.mainPath] : [];
  return [...new Set([...own, ...GENERIC_SCAN_PATHS, ...VENDORS.filter((v) => v.id !== 'generic').map((v) => v.mainPath)])];
}

/** An RTSP URL from a template: credentials percent-encoded into the userinfo. */
export function rtspUrl(host: string, port: number, path: string, credentials?: { username: string; password: string }): string {
  const userinfo = credentials === undefined ? '' : `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@`;
  const h = host.includes(':') ? `[${host}]` : host;
  return `rtsp://${userinfo}${h}:${port}${path.startsWith('/') ? path : `/${path}`}`;
}
