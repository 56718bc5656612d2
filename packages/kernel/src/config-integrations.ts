import { ConfigError } from './config-types.js';

/** Parsers of the integration variables (MQTT, SMTP); the generic ones are in config-values.ts. */

const BROKER_SCHEMES = ['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'ssl:'];

export function parseBrokerUrl(name: string, raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch (e: unknown) {
    throw new ConfigError(name, 'is not a URL (expected e.g. mqtt://127.0.0.1:1883)', { cause: e });
  }
  if (!BROKER_SCHEMES.includes(url.protocol)) throw new ConfigError(name, `must use mqtt, mqtts, ws or wss (got ${url.protocol.slice(0, -1)})`);
  if (url.password !== '') throw new ConfigError(name, 'must not contain a password; set HELDAR_MQTT_USERNAME and HELDAR_MQTT_PASSWORD instead');
  return raw;
}

/** A topic prefix: non-empty levels without MQTT wildcards, no leading or trailing slash. */
export function parseTopicPrefix(name: string, raw: string | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  if (/[+#]/.test(raw) || raw.includes(String.fromCharCode(0)) || raw.split('/').some((level) => level === '')) {
    throw new ConfigError(name, 'must be topic levels separated by "/", without "+", "#" or empty levels (e.g. heldar)');
  }
  return raw;
}

/** Comma-separated mail addresses; each must at least look like local@domain. */
export function parseRecipients(name: string, raw: string | undefined): readonly string[] {
  if (raw === undefined) return [];
  const list = raw.split(',').map((a) => a.trim()).filter((a) => a !== '');
  for (const address of list) {
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address)) throw new ConfigError(name, `"${address}" is not an email address`);
  }
  return list;
}
