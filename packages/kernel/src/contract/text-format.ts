/**
 * What text Heldar accepts. Every string in a request must be well-formed Unicode (no lone UTF-16
 * surrogates, which cannot be stored as UTF-8 and break every client that reads them back) without
 * control characters other than tab, line feed and carriage return: a NUL or an escape sequence in a
 * name can cut it short in a log or repaint a terminal. Names and titles — read by a person in a list —
 * are one line: no control characters at all, no Unicode line or paragraph separators.
 */

// With the u flag a surrogate pair is one code point, so this matches only unpaired halves.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
// C0 except \t \n \r, DEL, C1. Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_LINE_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** Why a request string is refused, or null when it is fine (every string in a JSON body). */
export function textProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it holds a lone surrogate)';
  const control = CONTROL_EXCEPT_WHITESPACE.exec(text);
  if (control) return `must not contain control characters (${codePoint(control[0])})`;
  return null;
}

/** A name or title: one line of text, no control characters. */
export function isSingleLine(text: string): boolean {
  return !LONE_SURROGATE.test(text) && !CONTROL_OR_LINE_BREAK.test(text);
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The JSON Schema format `single-line`, registered with the request validator. */
export const SINGLE_LINE = 'single-line';

export const TEXT_FORMATS = { [SINGLE_LINE]: { type: 'string' as const, validate: isSingleLine } };
