/**
 * ONVIF event topics a camera's own analytics commonly raise, as the camera form offers them for
 * triggering event recording. Without a namespace prefix, as the API stores them; a topic matches
 * itself and the topics under it, so cameras with their own sub-topics are covered too. Anything
 * else goes in the form's free text and the API checks it.
 */
export const KNOWN_ONVIF_TOPICS: readonly { topic: string; label: string }[] = [
  { topic: 'RuleEngine/CellMotionDetector/Motion', label: 'Motion (cell motion detector)' },
  { topic: 'VideoSource/MotionAlarm', label: 'Motion alarm (older cameras)' },
  { topic: 'RuleEngine/LineDetector/Crossed', label: 'Line crossing' },
  { topic: 'RuleEngine/FieldDetector/ObjectsInside', label: 'Field detection (intrusion)' },
  { topic: 'RuleEngine/TamperDetector/Tamper', label: 'Tampering' },
];

const KNOWN = new Set(KNOWN_ONVIF_TOPICS.map((t) => t.topic));

/** A camera's topics split into the checklist's and the free text's (one a line). */
export function splitTopics(topics: readonly string[]): { known: string[]; other: string } {
  return { known: topics.filter((t) => KNOWN.has(t)), other: topics.filter((t) => !KNOWN.has(t)).join('\n') };
}

/** The checked topics, then the typed ones (lines or commas), each once, in that order. */
export function joinTopics(known: readonly string[], other: string): string[] {
  const typed = other
    .split(/[\n,]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return [...new Set([...KNOWN_ONVIF_TOPICS.map((k) => k.topic).filter((t) => known.includes(t)), ...typed])];
}
