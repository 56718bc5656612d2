import type { MqttTopics } from './mqtt-topics.js';

/** One retained discovery message: its topic and its JSON (an empty payload removes the entity). */
export interface DiscoveryMessage {
  readonly topic: string;
  readonly payload: string;
}

export interface DiscoveredCamera {
  readonly id: string;
  readonly name: string;
}

/**
 * Home Assistant MQTT discovery for one camera: a device with availability, a motion binary sensor,
 * a recording switch, a count sensor per label and a camera entity whose image is the latest sampled
 * frame (the JPEG of `GET /api/cameras/:id/snapshot.jpg`, published to `<prefix>/<camera>/snapshot`,
 * since Home Assistant's MQTT camera takes its image from a topic).
 */
export function discoveryMessages(topics: MqttTopics, camera: DiscoveredCamera, labels: readonly string[], version: string): DiscoveryMessage[] {
  const node = `${topics.prefix}_${camera.id}`.replace(/[^a-zA-Z0-9_-]/g, '_');
  const base = {
    availability: [{ topic: topics.available, payload_available: 'online', payload_not_available: 'offline' }],
    device: { identifiers: [node], name: camera.name, manufacturer: 'Heldar', model: 'Camera', sw_version: version },
  };
  const entity = (component: string, object: string, config: Record<string, unknown>): DiscoveryMessage => ({
    topic: `${topics.discoveryPrefix}/${component}/${node}/${object}/config`,
    payload: JSON.stringify({ ...base, unique_id: `${node}_${object}`, object_id: `${node}_${object}`, ...config }),
  });
  return [
    entity('binary_sensor', 'motion', { name: 'Motion', device_class: 'motion', state_topic: topics.motion(camera.id), payload_on: 'ON', payload_off: 'OFF' }),
    entity('switch', 'recording', {
      name: 'Recording',
      icon: 'mdi:record-rec',
      state_topic: topics.recordingState(camera.id),
      command_topic: topics.recordingSet(camera.id),
      payload_on: 'ON',
      payload_off: 'OFF',
    }),
    entity('camera', 'camera', { name: null, topic: topics.snapshot(camera.id) }),
    ...labels.map((label) =>
      entity('sensor', `${safe(label)}_count`, { name: `${label} count`, icon: 'mdi:counter', state_topic: topics.count(camera.id, label), state_class: 'measurement' }),
    ),
  ];
}

function safe(label: string): string {
  return label.replace(/[^a-zA-Z0-9_-]/g, '_');
}
