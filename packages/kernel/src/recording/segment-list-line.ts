/**
 * One line of ffmpeg's segment list in csv form (`-segment_list pipe:1 -segment_list_type csv`),
 * written when a segment file has been closed: `name,start,end` with times in seconds of the run's
 * media timeline. A name containing a comma or quote is quoted csv-style.
 */
export interface SegmentListEntry {
  name: string;
  startSec: number;
  endSec: number;
}

export function parseSegmentListLine(line: string): SegmentListEntry | null {
  const trimmed = line.trim();
  if (trimmed === '') return null;
  let name: string;
  let rest: string;
  if (trimmed.startsWith('"')) {
    const close = trimmed.indexOf('",', 1);
    if (close < 0) return null;
    name = trimmed.slice(1, close).replace(/""/g, '"');
    rest = trimmed.slice(close + 2);
  } else {
    const comma = trimmed.indexOf(',');
    if (comma < 0) return null;
    name = trimmed.slice(0, comma);
    rest = trimmed.slice(comma + 1);
  }
  const [start, end] = rest.split(',');
  const startSec = Number(start);
  const endSec = Number(end);
  if (name === '' || !Number.isFinite(startSec) || !Number.isFinite(endSec) || endSec < startSec) return null;
  return { name, startSec, endSec };
}
