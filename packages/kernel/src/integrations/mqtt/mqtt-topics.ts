/**
 * Heldar's MQTT topics, in Frigate's layout (Home Assistant users know it): one place builds them, so
 * the publisher, the command handler, the discovery payloads and the docs agree.
 */
export class MqttTopics {
  constructor(
    readonly prefix: string,
    readonly discoveryPrefix: string,
  ) {}

  /** `online` / `offline` (retained; `offline` is also the last will). */
  get available(): string {
    return `${this.prefix}/available`;
  }
  /** Tracked objects, Frigate-style: `type` new/update/end with `before`/`after`. */
  get events(): string {
    return `${this.prefix}/events`;
  }
  /** Every entry of Heldar's event log as JSON (camera offline, recording triggered, zone events…). */
  get eventLog(): string {
    return `${this.prefix}/event_log`;
  }
  /** Home Assistant's birth message (`online`): discovery is sent again. */
  get homeAssistantStatus(): string {
    return `${this.discoveryPrefix}/status`;
  }
  status(camera: string): string {
    return `${this.prefix}/${camera}/status`;
  }
  motion(camera: string): string {
    return `${this.prefix}/${camera}/motion`;
  }
  /** Open tracks of one label on the camera. */
  count(camera: string, label: string): string {
    return `${this.prefix}/${camera}/${label}`;
  }
  recordingState(camera: string): string {
    return `${this.prefix}/${camera}/recording/state`;
  }
  recordingSet(camera: string): string {
    return `${this.prefix}/${camera}/recording/set`;
  }
  trigger(camera: string): string {
    return `${this.prefix}/${camera}/trigger`;
  }
  /** The latest sampled frame (JPEG bytes), the Home Assistant camera entity's image. */
  snapshot(camera: string): string {
    return `${this.prefix}/${camera}/snapshot`;
  }
  /** Subscriptions: every camera's commands. */
  get commandFilters(): string[] {
    return [`${this.prefix}/+/recording/set`, `${this.prefix}/+/trigger`];
  }

  /** The camera and command of a command topic, or null for any other topic. */
  command(topic: string): { camera: string; command: 'recording_set' | 'trigger' } | null {
    if (!topic.startsWith(`${this.prefix}/`)) return null;
    const rest = topic.slice(this.prefix.length + 1).split('/');
    if (rest.length === 3 && rest[1] === 'recording' && rest[2] === 'set' && rest[0]) return { camera: rest[0], command: 'recording_set' };
    if (rest.length === 2 && rest[1] === 'trigger' && rest[0]) return { camera: rest[0], command: 'trigger' };
    return null;
  }
}
