/**
 * Where backup copies go: a folder, an SFTP server or an S3 bucket, behind one interface so the job
 * runner does not care which. Paths are relative to the destination's root, `/`-separated, and mirror
 * the recordings layout (storage/footage-layout.ts).
 */
export interface BackupTransport {
  /** Reaches the destination and proves it can write there (a small probe object, removed again). */
  test(): Promise<void>;
  /** Names and sizes of the files directly in a folder; empty when the folder does not exist. */
  list(folder: string): Promise<Map<string, number>>;
  /**
   * Copies a local file; the object appears whole or not at all (temporary name, then rename). It is
   * durable only after the next flush(): a job records a copy as done after that, never before.
   */
  putFile(relative: string, file: string, signal: AbortSignal): Promise<void>;
  /** Writes a small object (a manifest) the same way. */
  putBuffer(relative: string, data: Buffer): Promise<void>;
  /**
   * Makes every object put so far durable. A local folder fsyncs the batch's files and folders at
   * once (one fsync per file as it is written made copies several times slower than `cp`). SFTP and
   * S3 do nothing: an upload returns once the server holds the object, and how it stores it is the
   * server's part (SFTP has no portable fsync).
   */
  flush(): Promise<void>;
  /** Reads the stored object back and hashes it; null when it is missing. */
  hash(relative: string, signal: AbortSignal): Promise<{ size: number; sha256: string } | null>;
  close(): Promise<void>;
}

/** A destination answered with an error; the message is for the person (no secrets in it). */
export class TransportError extends Error {
  override name = 'TransportError';
}

/** `a/b/c.mp4` → `a/b`. */
export function parentOf(relative: string): string {
  const i = relative.lastIndexOf('/');
  return i < 0 ? '' : relative.slice(0, i);
}

export function baseName(relative: string): string {
  return relative.slice(relative.lastIndexOf('/') + 1);
}
