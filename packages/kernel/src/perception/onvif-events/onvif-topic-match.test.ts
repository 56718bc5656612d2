import { describe, expect, it } from 'vitest';
import { isActive, kindOf, topicMatches } from './onvif-topic-match.js';

const message = (data: Record<string, string>) => ({ topic: 'RuleEngine/X', at: 0, source: {}, data });

describe('ONVIF topic matching', () => {
  it('matches a topic itself and the topics under it, never a sibling that merely starts alike', () => {
    expect(topicMatches('RuleEngine/CellMotionDetector/Motion', ['RuleEngine/CellMotionDetector/Motion'])).toBe(true);
    expect(topicMatches('RuleEngine/CellMotionDetector/Motion', ['RuleEngine'])).toBe(true);
    expect(topicMatches('RuleEngine/CellMotionDetectorX/Motion', ['RuleEngine/CellMotionDetector'])).toBe(false);
    expect(topicMatches('VideoSource/MotionAlarm', ['RuleEngine'])).toBe(false);
    expect(topicMatches('RuleEngine/LineDetector/Crossed', [])).toBe(false);
  });

  it('names the Heldar event kind by what the camera detected (motion, line, field), else onvif_event', () => {
    expect(kindOf('RuleEngine/CellMotionDetector/Motion')).toBe('onvif_motion');
    expect(kindOf('VideoSource/MotionAlarm')).toBe('onvif_motion');
    expect(kindOf('RuleEngine/LineDetector/Crossed')).toBe('onvif_line_crossed');
    // Vendors' own names for the same detections.
    expect(kindOf('RuleEngine/MyRuleDetector/LineCross')).toBe('onvif_line_crossed');
    expect(kindOf('RuleEngine/FieldDetector/ObjectsInside')).toBe('onvif_field_detected');
    expect(kindOf('RuleEngine/MyRuleDetector/Intrusion')).toBe('onvif_field_detected');
    expect(kindOf('RuleEngine/TamperDetector/Tamper')).toBe('onvif_event');
  });

  it('counts a start (a true flag, or no flag: a crossing only happens), not an end', () => {
    expect(isActive(message({ IsMotion: 'true' }))).toBe(true);
    expect(isActive(message({ IsMotion: 'false' }))).toBe(false);
    expect(isActive(message({ IsInside: 'false', State: 'true' }))).toBe(true);
    expect(isActive(message({ ObjectId: '3' }))).toBe(true);
    expect(isActive(message({}))).toBe(true);
  });
});
