import type { OnvifNotification } from '../../onvif/onvif-types.js';

export type OnvifTriggerKind = 'onvif_motion' | 'onvif_line_crossed' | 'onvif_field_detected' | 'onvif_event';

/** A topic matches itself and every topic under it (`RuleEngine` matches `RuleEngine/CellMotionDetector/Motion`). */
export function topicMatches(topic: string, wanted: readonly string[]): boolean {
  return wanted.some((w) => topic === w || topic.startsWith(`${w}/`));
}

/**
 * Whether a message reports something starting rather than ending: the usual boolean items
 * (IsMotion, State, IsInside, …) must be true; a message with no boolean item (a line crossing,
 * which only happens) counts as a start.
 */
export function isActive(message: OnvifNotification): boolean {
  const flags = Object.values(message.data).filter((v) => v === 'true' || v === 'false');
  return flags.length === 0 || flags.includes('true');
}

export function kindOf(topic: string): OnvifTriggerKind {
  if (/LineDetector|LineCross/i.test(topic)) return 'onvif_line_crossed';
  if (/FieldDetector|Intrusion/i.test(topic)) return 'onvif_field_detected';
  if (/Motion/i.test(topic)) return 'onvif_motion';
  return 'onvif_event';
}
