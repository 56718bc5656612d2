import { OutboundRefused, type OutboundGuard } from '../net/outbound-guard.js';
import type { Destination } from './backup.js';
import { LocalTransport } from './local-transport.js';
import { S3Transport } from './s3-transport.js';
import { SftpTransport } from './sftp-transport.js';
import { TransportError, type BackupTransport } from './transport.js';

/**
 * The transport of a destination. SFTP and S3 hosts go through the outbound guard first (private and
 * loopback addresses only where HELDAR_OUTBOUND_ALLOW names them); SFTP then connects to the address
 * the guard checked, S3's agents resolve through the guard's lookup (no DNS rebinding between check
 * and connect).
 */
export async function openTransport(destination: Destination, guard: OutboundGuard, timeoutMs: number): Promise<BackupTransport> {
  const s = destination.settings;
  switch (destination.kind) {
    case 'local':
      return new LocalTransport(required(s.path, 'path'));
    case 'sftp': {
      const host = required(s.host, 'host');
      const port = s.port ?? 22;
      const target = await guarded(guard, `http://${host.includes(':') ? `[${host}]` : host}:${port}/`);
      return new SftpTransport({
        address: target.address,
        host,
        port,
        username: required(s.username, 'username'),
        password: destination.secrets.password,
        privateKey: destination.secrets.private_key,
        path: required(s.path, 'path'),
        hostKeySha256: s.host_key_sha256,
        timeoutMs,
      });
    }
    case 's3': {
      const endpoint = required(s.endpoint, 'endpoint');
      await guarded(guard, endpoint);
      return new S3Transport({
        endpoint,
        region: s.region ?? 'us-east-1',
        bucket: required(s.bucket, 'bucket'),
        prefix: (s.prefix ?? '').replace(/^\/+|\/+$/g, ''),
        accessKeyId: required(s.access_key_id, 'access_key_id'),
        secretAccessKey: required(destination.secrets.secret_key, 'secret_key'),
        pathStyle: s.path_style ?? true,
        lookup: guard.lookup,
        timeoutMs,
      });
    }
  }
}

async function guarded(guard: OutboundGuard, url: string): Promise<{ address: string }> {
  try {
    return await guard.check(url);
  } catch (e: unknown) {
    if (e instanceof OutboundRefused) throw new TransportError(e.message, { cause: e });
    throw e;
  }
}

function required<T>(value: T | null, name: string): T {
  if (value === null) throw new TransportError(`the destination has no ${name}`);
  return value;
}
