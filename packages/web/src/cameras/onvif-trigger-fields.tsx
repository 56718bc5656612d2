import { KNOWN_ONVIF_TOPICS } from './onvif-topics';

interface Props {
  idPrefix: string;
  known: string[];
  other: string;
  onKnown: (topics: string[]) => void;
  onOther: (text: string) => void;
  /** Without an ONVIF device URL nothing is subscribed: said next to the list. */
  hasOnvif: boolean;
}

/** Which of the camera's own ONVIF events trigger event recording: a checklist of the usual topics, and free text. */
export function OnvifTriggerFields({ idPrefix, known, other, onKnown, onOther, hasOnvif }: Props) {
  const toggle = (topic: string, on: boolean) => onKnown(on ? [...known, topic] : known.filter((t) => t !== topic));
  return (
    <fieldset className="onvif-triggers">
      <legend>ONVIF event triggers</legend>
      <p className="hint">
        The camera's own detections that start event recording.{' '}
        {hasOnvif ? 'A topic also matches the topics under it.' : 'They need the ONVIF device URL (Stream, above).'}
      </p>
      <div className="row wrap" role="group" aria-label="Known ONVIF topics">
        {KNOWN_ONVIF_TOPICS.map((t) => (
          <label className="inline" key={t.topic} title={t.topic}>
            <input type="checkbox" name="onvif_trigger_topics" value={t.topic} checked={known.includes(t.topic)} onChange={(e) => toggle(t.topic, e.target.checked)} /> {t.label}
          </label>
        ))}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-onvif-topics-other`}>Other topics (one a line)</label>
        <textarea
          id={`${idPrefix}-onvif-topics-other`}
          name="onvif_trigger_topics_other"
          rows={2}
          value={other}
          onChange={(e) => onOther(e.target.value)}
          placeholder="RuleEngine/MyRuleDetector/PeopleDetect"
          spellCheck={false}
        />
      </div>
    </fieldset>
  );
}
