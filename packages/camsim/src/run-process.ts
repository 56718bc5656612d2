import { spawn } from 'node:child_process';

/** Runs a program to completion; rejects with the tail of its stderr when it fails. */
export type RunProcess = (command: string, args: readonly string[]) => Promise<void>;

const STDERR_TAIL_BYTES = 4096;

export const runProcess: RunProcess = (command, args) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    child.once('error', (e: unknown) => {
      reject(new Error(`could not start ${command}`, { cause: e }));
    });
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${signal ?? `code ${code}`}: ${tail.trim()}`));
    });
  });
