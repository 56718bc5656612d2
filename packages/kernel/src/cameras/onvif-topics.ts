import type { CameraRow } from '../db/schema.js';

/**
 * A camera's ONVIF trigger topics, stored as a JSON list in one text column. Topics are kept without
 * a namespace prefix (`tns1:RuleEngine/…` → `RuleEngine/…`): cameras pick their own prefixes.
 */
export function triggerTopics(row: Pick<CameraRow, 'onvif_trigger_topics'>): string[] {
  if (row.onvif_trigger_topics === null || row.onvif_trigger_topics === '') return [];
  try {
    const parsed: unknown = JSON.parse(row.onvif_trigger_topics);
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    // A hand-edited row that is not JSON triggers nothing rather than breaking the camera listing.
    return [];
  }
}

/** The list as stored: null when empty. */
export function storedTopics(topics: readonly string[] | undefined | null): string | null {
  if (topics === undefined || topics === null) return null;
  const clean = [...new Set(topics.map(withoutPrefix).filter((t) => t !== ''))];
  return clean.length === 0 ? null : JSON.stringify(clean);
}

export function withoutPrefix(topic: string): string {
  return topic.trim().replace(/^[A-Za-z0-9_-]+:/, '');
}
