import { OnvifError } from './onvif-error.js';

/**
 * Checks a device service URL an admin gave: http or https, a host, no credentials in it (they go
 * in the camera's username/password, which are stored encrypted). Returns the normalised URL.
 * ONVIF calls are not sent through the outbound guard (docs/security.md): cameras live on private
 * networks, and the URL is the camera's own address, like its RTSP URL.
 */
export function checkOnvifUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (e: unknown) {
    throw new OnvifError('bad-url', 'onvif url is not a URL (expected e.g. http://192.168.1.20/onvif/device_service)', { cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OnvifError('bad-url', `onvif url must use http or https (got ${url.protocol.slice(0, -1)})`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new OnvifError('bad-url', 'onvif url must not contain a user or password; send them as username and password');
  }
  if (url.hostname === '') throw new OnvifError('bad-url', 'onvif url has no host');
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/onvif/device_service';
  return url.toString();
}

/**
 * A service address the device reported, moved onto the host and port the admin gave: cameras behind
 * NAT or with a second interface often report an address Heldar cannot reach, while the path is right.
 */
export function onDeviceHost(reported: string, device: string): string {
  let url: URL;
  try {
    url = new URL(reported);
  } catch {
    // A bare path (some devices report one): relative to the device URL.
    return new URL(reported, device).toString();
  }
  const base = new URL(device);
  url.protocol = base.protocol;
  url.host = base.host;
  return url.toString();
}
