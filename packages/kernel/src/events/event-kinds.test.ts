import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVENT_KIND_NAMES, EVENT_KINDS, isEventKind } from './event-kinds.js';

const SRC = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The kernel's sources apart from the registry and the tests: where events are logged. */
function emittingSources(): string {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('event-kinds.ts'),
  );
  return files.map((f) => readFileSync(path.join(SRC, f), 'utf8')).join('\n');
}

describe('event kind registry', () => {
  it('lists only kinds some code logs (the compiler checks the other direction)', () => {
    const sources = emittingSources();
    const unused = EVENT_KIND_NAMES.filter((kind) => !sources.includes(`'${kind}'`));
    expect(unused).toEqual([]);
  });

  it('gives every kind a severity, a meaning and a payload', () => {
    for (const kind of EVENT_KIND_NAMES) {
      const info = EVENT_KINDS[kind];
      expect(info.severities.length, kind).toBeGreaterThan(0);
      expect(info.description, kind).toMatch(/\.$/);
      expect(info.payload, kind).not.toBe('');
    }
    expect(isEventKind('camera_offline')).toBe(true);
    expect(isEventKind('toString')).toBe(false);
  });
});
