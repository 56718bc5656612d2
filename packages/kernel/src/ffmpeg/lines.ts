import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a byte stream into text lines. `\n`, `\r\n` and a lone `\r` (ffmpeg's progress redraws) all
 * end a line; empty lines are dropped. A line that grows past `maxLineChars` without a line break is
 * emitted in pieces, so a child that never writes a newline cannot grow this buffer without bound.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(private readonly maxLineChars = 64 * 1024) {}

  /** Feeds a chunk; returns the lines it completed. */
  push(chunk: Buffer | string): string[] {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const parts = text.split(/\r\n|\n|\r/);
    // The last part has no line break after it yet. A trailing '\r' that is really the first half
    // of a '\r\n' split across chunks yields one empty line next time, which is dropped.
    this.partial = parts.pop() ?? '';
    const lines = parts.filter((line) => line.length > 0);
    while (this.partial.length > this.maxLineChars) {
      lines.push(this.partial.slice(0, this.maxLineChars));
      this.partial = this.partial.slice(this.maxLineChars);
    }
    return lines;
  }

  /** Ends the stream; returns the unterminated last line, if any. */
  end(): string[] {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    return rest.length > 0 ? [rest] : [];
  }
}

/**
 * The last `capBytes` bytes (UTF-8) of a sequence of lines. Whole lines are dropped from the front,
 * so the tail always starts on a line boundary; only a single line longer than the cap is cut, and
 * then its end is kept (the end of a line is where ffmpeg puts the reason).
 */
export class LineTail {
  private lines: string[] = [];
  private head = 0;
  private bytes = 0;

  constructor(private readonly capBytes = 8192) {}

  push(line: string): void {
    const size = Buffer.byteLength(line) + 1; // + the '\n' joining it to the next line
    if (size > this.capBytes) {
      const buf = Buffer.from(line);
      // Cutting bytes may split a multi-byte character into stray bytes that decode as U+FFFD (three
      // bytes), so trim from the front until the text fits again.
      let kept = buf.subarray(buf.length - (this.capBytes - 1)).toString('utf8');
      while (Buffer.byteLength(kept) > this.capBytes - 1) kept = kept.slice(1);
      this.lines = [kept];
      this.head = 0;
      this.bytes = Buffer.byteLength(kept) + 1;
      return;
    }
    this.lines.push(line);
    this.bytes += size;
    while (this.bytes > this.capBytes && this.head < this.lines.length) {
      const dropped = this.lines[this.head] ?? '';
      this.bytes -= Buffer.byteLength(dropped) + 1;
      this.head += 1;
    }
    // Compact now and then instead of shifting the array on every line.
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
  }

  /** The kept lines joined with '\n' (at most `capBytes` bytes). */
  text(): string {
    return this.lines.slice(this.head).join('\n');
  }

  /** The most recent line, or '' when there is none. */
  last(): string {
    return this.lines.length > this.head ? (this.lines[this.lines.length - 1] ?? '') : '';
  }
}
