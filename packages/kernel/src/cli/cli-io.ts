import type { Readable } from 'node:stream';

/** What a CLI command talks through; tests hand in a fake one. */
export interface CliIo {
  /** A line for the result (stdout): what a script captures. */
  out(line: string): void;
  /** A line for the person (stderr): notes, warnings, errors. */
  err(line: string): void;
  /** True when a person types the input (a TTY), so asking twice to confirm makes sense. */
  readonly interactive: boolean;
  /** One secret: typed on the terminal without echo, or the next line of piped standard input. */
  readSecret(prompt: string): Promise<string>;
}

/** A failure to report in one line with exit code 1 (or 2 for usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A line on standard output: results a script may capture. */
export function stdout(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** A line on standard error: notes, warnings and errors for the person at the terminal. */
export function stderr(text: string): void {
  process.stderr.write(`${text}\n`);
}

export function terminalIo(): CliIo {
  let piped: Promise<string[]> | undefined;
  const interactive = process.stdin.isTTY === true;
  return {
    out: stdout,
    err: stderr,
    interactive,
    async readSecret(prompt) {
      if (interactive) return promptHidden(prompt);
      piped ??= readLines(process.stdin);
      const line = (await piped).shift();
      if (line === undefined) throw new CliError('expected the password on standard input (one line), got nothing');
      return line;
    },
  };
}

async function readLines(input: Readable): Promise<string[]> {
  let text = '';
  for await (const chunk of input) text += String(chunk);
  return text.split(/\r?\n/).filter((line, i, all) => !(i === all.length - 1 && line === ''));
}

/** Reads a line from the terminal in raw mode, echoing nothing, so the password never shows. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new CliError('cancelled', 130));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
