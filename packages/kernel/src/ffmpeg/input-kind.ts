/**
 * What kind of input an ffmpeg command reads, shared by the recording (recording/record-args.ts) and
 * sampling (perception/sample-args.ts) builders, which must agree on which URLs Heldar opens.
 */

export type InputKind = 'rtsp' | 'http' | 'file';

/** How long ffmpeg waits on a silent network input before it gives up (both builders' default). */
export const DEFAULT_IO_TIMEOUT_MS = 15_000;

/** The input's kind from its URL; throws for a scheme Heldar does not record from. */
export function inputKindOf(inputUrl: string): InputKind {
  // Any "word:" prefix counts, with or without "//": ffmpeg reads "pipe:0" or "concat:a|b" as a
  // protocol, so such a string must not slip through as a "file".
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(inputUrl)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (inputUrl === '-') throw new Error('recording from stdin ("-") is not supported');
    return 'file';
  }
  if (scheme === 'rtsp' || scheme === 'rtsps') return 'rtsp';
  if (scheme === 'http' || scheme === 'https') return 'http';
  if (scheme === 'file') return 'file';
  throw new Error(`unsupported input "${scheme}:"; use rtsp://, rtsps://, http(s):// or a file path`);
}
