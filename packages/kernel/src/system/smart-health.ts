import { execFile } from 'node:child_process';

export interface SmartVerdict {
  status: 'passed' | 'failed' | 'unknown';
  /** smartctl's verdict line, or why there is none (for the event and GET /api/system). */
  detail: string;
}

/**
 * The verdict in `smartctl -H` output. ATA/NVMe disks print "SMART overall-health self-assessment
 * test result: PASSED" (or FAILED!), SCSI/SAS disks "SMART Health Status: OK"; anything else (no
 * SMART support, a device that did not open) is `unknown` with the last line smartctl printed.
 */
export function parseSmartHealth(output: string): SmartVerdict {
  const ata = /SMART overall-health self-assessment test result:\s*(\S+)/.exec(output);
  if (ata) return { status: ata[1] === 'PASSED' ? 'passed' : 'failed', detail: ata[0].trim() };
  const scsi = /SMART Health Status:\s*(.+)/.exec(output);
  if (scsi) return { status: scsi[1]!.trim() === 'OK' ? 'passed' : 'failed', detail: scsi[0].trim() };
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return { status: 'unknown', detail: lines.at(-1) ?? 'smartctl printed nothing' };
}

/** Runs `smartctl -H <device>` and returns what it printed (stdout). */
export type SmartctlRunner = (device: string) => Promise<string>;

/**
 * smartctl through execFile (no shell). Its exit status is a bit mask — bit 3 set means "disk
 * failing" — so a non-zero exit still carries the output to parse; only a binary that did not run
 * at all is an error.
 */
export function smartctlRunner(binary: string, timeoutMs = 30_000): SmartctlRunner {
  return (device) =>
    new Promise((resolve, reject) => {
      execFile(binary, ['-H', device], { timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (error, stdout) => {
        if (error !== null && typeof error.code !== 'number') reject(new Error(`${binary} could not run: ${error.message}`, { cause: error }));
        else resolve(stdout);
      });
    });
}
