/** One software RAID array as /proc/mdstat shows it. */
export interface MdArray {
  name: string;
  /** raid1, raid5, …; null when the array is inactive and shows none. */
  level: string | null;
  /** Members the array should have and those up: `[2/1]`. */
  members: number;
  active: number;
  /** The member map, `[U_]`: U up, _ missing. */
  status: string;
  degraded: boolean;
}

const ARRAY_LINE = /^(md\w*)\s*:\s*(.*)$/;
const MEMBERS = /\[(\d+)\/(\d+)\]\s*\[([U_]+)\]/;
const LEVEL = /^(raid\d+|linear|multipath|faulty)$/;

/**
 * The arrays in /proc/mdstat's text. Each starts with `mdN : active raid1 sdb1[1] sda1[0]`; its next
 * line ends with the member counts and map (`[2/1] [U_]`). An array is degraded when fewer members
 * are up than it should have, or when it is inactive (it serves nothing).
 */
export function parseMdstat(text: string): MdArray[] {
  const arrays: MdArray[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = ARRAY_LINE.exec(lines[i]!.trim());
    if (!head) continue;
    const words = head[2]!.split(/\s+/);
    const inactive = words[0] === 'inactive';
    const level = words.find((w) => LEVEL.test(w)) ?? null;
    const counts = MEMBERS.exec(lines[i + 1] ?? '');
    const members = counts ? Number(counts[1]) : words.filter((w) => /\[\d+\]/.test(w)).length;
    // raid0 and linear show no member map: all members are up unless the array is inactive.
    const active = counts ? Number(counts[2]) : inactive ? 0 : members;
    const status = counts ? `[${counts[3]}]` : '';
    arrays.push({ name: head[1]!, level, members, active, status, degraded: inactive || active < members || status.includes('_') });
  }
  return arrays;
}
