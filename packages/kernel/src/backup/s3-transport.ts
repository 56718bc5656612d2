import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { TransportError, type BackupTransport } from './transport.js';

export interface S3Settings {
  endpoint: string;
  region: string;
  bucket: string;
  /** Key prefix inside the bucket ('' or ending without a slash). */
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`): MinIO, Ceph and most self-hosted servers want them. */
  pathStyle: boolean;
  /** The outbound guard's lookup: every connection goes to an address it checked. */
  lookup: LookupFunction;
  timeoutMs: number;
}

/**
 * An S3-compatible bucket through the AWS SDK v3 (multipart uploads by lib-storage for large files;
 * no external binary). The SDK's default flexible checksums are asked for only where the API requires
 * them: several S3-compatible servers reject the aws-chunked trailer encoding they bring. A copy is
 * verified by reading the object back and hashing it — the ETag of a multipart upload is not an MD5,
 * let alone a SHA-256, and x-amz-checksum-sha256 is not kept by every S3-compatible server.
 */
export class S3Transport implements BackupTransport {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    const agentOptions = { keepAlive: true, maxSockets: 8, lookup: settings.lookup };
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.pathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
      requestHandler: {
        httpAgent: new http.Agent(agentOptions),
        httpsAgent: new https.Agent(agentOptions),
        connectionTimeout: settings.timeoutMs,
        requestTimeout: settings.timeoutMs,
      },
    });
  }

  async test(): Promise<void> {
    const key = this.key(`.heldar-probe-${randomBytes(4).toString('hex')}`);
    await this.wrap(`write to bucket ${this.settings.bucket}`, () => this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: 'heldar' })));
    await this.wrap('remove the probe', () => this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key })));
  }

  async list(folder: string): Promise<Map<string, number>> {
    const prefix = `${this.key(folder)}/`;
    const out = new Map<string, number>();
    let token: string | undefined;
    do {
      const page = await this.wrap(`list ${folder}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token })),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) out.set(object.Key.slice(prefix.length), object.Size ?? 0);
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return out;
  }

  async putFile(relative: string, file: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: this.key(relative), Body: createReadStream(file) },
      queueSize: 2,
      partSize: 8 * 1024 * 1024,
    });
    const abort = (): void => {
      void upload.abort();
    };
    signal.addEventListener('abort', abort, { once: true });
    try {
      await this.wrap(`upload ${relative}`, () => upload.done());
    } finally {
      signal.removeEventListener('abort', abort);
    }
  }

  async putBuffer(relative: string, data: Buffer): Promise<void> {
    await this.wrap(`upload ${relative}`, () => this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: this.key(relative), Body: data })));
  }

  async hash(relative: string, signal: AbortSignal): Promise<{ size: number; sha256: string } | null> {
    let body: Readable;
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(relative) }), { abortSignal: signal });
      body = answer.Body as Readable;
    } catch (e: unknown) {
      if (e instanceof S3ServiceException && (e.name === 'NoSuchKey' || e.$metadata.httpStatusCode === 404)) return null;
      throw new TransportError(`s3: cannot read ${relative} back: ${message(e)}`, { cause: e });
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      hash.update(chunk);
    }
    return { size, sha256: hash.digest('hex') };
  }

  /** A PUT or a completed multipart upload is stored by the time it answers. */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }

  private key(relative: string): string {
    if (relative.split('/').some((part) => part === '..')) throw new TransportError(`path ${relative} leaves the destination`);
    return this.settings.prefix === '' ? relative : `${this.settings.prefix}/${relative}`;
  }

  private async wrap<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e: unknown) {
      throw new TransportError(`s3 ${this.settings.bucket}: cannot ${what}: ${message(e)}`, { cause: e });
    }
  }
}

function message(e: unknown): string {
  if (e instanceof S3ServiceException) return `${e.name} (HTTP ${e.$metadata.httpStatusCode ?? '?'})${e.message && e.message !== e.name ? `: ${e.message}` : ''}`;
  return e instanceof Error ? e.message : String(e);
}
