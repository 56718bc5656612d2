/**
 * Text a client sent, made safe to put in an error message: at most `max` characters (the rest
 * replaced by `…`), so an answer is never as large as a hostile request; quoted unless asked not to.
 */
export function quote(text: string, max = 60, quoted = true): string {
  const chars = [...text.slice(0, max * 2)];
  const short = chars.length > max || text.length > max * 2 ? `${chars.slice(0, max).join('')}…` : text;
  return quoted ? `"${short}"` : short;
}
