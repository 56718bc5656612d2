import os from 'node:os';
import { ConfigError } from './config-types.js';

const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** HELDAR_NODE_ID, or the host name with every other character replaced by `-` (a node needs a name peers can log and match). */
export function parseNodeId(name: string, raw: string | undefined): string {
  if (raw === undefined) return os.hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'node';
  if (!NODE_ID.test(raw)) throw new ConfigError(name, 'must be 1–64 letters, digits, `.`, `_` or `-`');
  return raw;
}

/** HELDAR_NODE_URL: an http(s) base URL without credentials, query or fragment; stored without a trailing slash. */
export function parseNodeUrl(name: string, raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL such as http://10.0.0.11:8080');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, 'must start with http:// or https://');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') throw new ConfigError(name, 'must not carry credentials, a query or a fragment');
  return url.toString().replace(/\/+$/, '');
}
