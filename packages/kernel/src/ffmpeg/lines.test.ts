import { describe, expect, it } from 'vitest';
import { LineSplitter, LineTail } from './lines.js';

describe('LineSplitter', () => {
  it('joins lines split across chunks and handles \\n, \\r\\n and \\r', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('a,0,2\nb,'))).toEqual(['a,0,2']);
    expect(s.push(Buffer.from('2,4\r'))).toEqual(['b,2,4']);
    expect(s.push(Buffer.from('\nc\r\nd'))).toEqual(['c']);
    expect(s.end()).toEqual(['d']);
    expect(s.end()).toEqual([]);
  });

  it('does not split a multi-byte character cut between chunks', () => {
    const s = new LineSplitter();
    const bytes = Buffer.from('Kamera Süd\n');
    const cut = bytes.indexOf(0xbc); // second byte of "ü"
    expect(s.push(bytes.subarray(0, cut))).toEqual([]);
    expect(s.push(bytes.subarray(cut))).toEqual(['Kamera Süd']);
  });

  it('emits an endless line in bounded pieces', () => {
    const s = new LineSplitter(10);
    expect(s.push('x'.repeat(25))).toEqual(['x'.repeat(10), 'x'.repeat(10)]);
    expect(s.end()).toEqual(['x'.repeat(5)]);
  });
});

describe('LineTail', () => {
  it('keeps whole lines from the end within the byte cap', () => {
    const t = new LineTail(20);
    for (const l of ['one', 'two', 'three', 'four', 'five', 'six']) t.push(l);
    // Each line counts with its newline: three(6) + four(5) + five(5) + six(4) = 20 = the cap.
    expect(t.text()).toBe('three\nfour\nfive\nsix');
    expect(Buffer.byteLength(t.text())).toBeLessThanOrEqual(20);
    expect(t.last()).toBe('six');
  });

  it('keeps the end of a single line longer than the cap', () => {
    const t = new LineTail(8);
    t.push('short');
    t.push('0123456789abcdef');
    expect(t.text()).toBe('9abcdef');
    t.push('ü'.repeat(10)); // 20 bytes of two-byte characters
    expect(Buffer.byteLength(t.text())).toBeLessThanOrEqual(8);
    expect(t.text().endsWith('üüü')).toBe(true);
  });

  it('stays bounded over many lines', () => {
    const t = new LineTail(8192);
    for (let i = 0; i < 50_000; i++) t.push(`line ${i}`);
    expect(Buffer.byteLength(t.text())).toBeLessThanOrEqual(8192);
    expect(t.text().endsWith('line 49999')).toBe(true);
    expect(t.text().split('\n')[0]).toMatch(/^line \d+$/);
  });
});
