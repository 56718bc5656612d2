import { CONFIG_SPEC, type ParseContext } from '../config-spec.js';
import type { Config, FreeSpaceFloor } from '../config-types.js';

/**
 * The settings an admin may change at run time, by their API name, and how each maps to its field of
 * Config. The environment gives each one's value at start; a stored value (PUT /api/settings)
 * overrides it. A value is text exactly as the environment variable accepts it ("500GiB", "5%",
 * "true", "80") and is parsed by that variable's own parser, so both paths accept the same values.
 */
export const RUNTIME_SETTINGS = {
  retention_max_bytes: 'retentionMaxBytes',
  min_free: 'minFree',
  metrics_public: 'metricsPublic',
  ready_min_recording_percent: 'readyMinRecordingPercent',
  camera_segment_seconds: 'cameraSegmentSeconds',
  camera_record_mode: 'cameraRecordMode',
  camera_pre_roll_seconds: 'cameraPreRollSeconds',
  camera_post_roll_seconds: 'cameraPostRollSeconds',
  camera_retention_days: 'cameraRetentionDays',
  camera_detect_fps: 'cameraDetectFps',
} as const satisfies Record<string, keyof Config>;

export type SettingName = keyof typeof RUNTIME_SETTINGS;
export const SETTING_NAMES = Object.keys(RUNTIME_SETTINGS) as SettingName[];

type Field = (typeof RUNTIME_SETTINGS)[SettingName];
/** The values in effect, typed as Config types them. */
export type RuntimeSettings = { readonly [K in Field]: Config[K] };

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(RUNTIME_SETTINGS, name);
}

/** The runtime settings' values in a configuration (the environment's values). */
export function settingsOf(config: Config): RuntimeSettings {
  return {
    retentionMaxBytes: config.retentionMaxBytes,
    minFree: config.minFree,
    metricsPublic: config.metricsPublic,
    readyMinRecordingPercent: config.readyMinRecordingPercent,
    cameraSegmentSeconds: config.cameraSegmentSeconds,
    cameraRecordMode: config.cameraRecordMode,
    cameraPreRollSeconds: config.cameraPreRollSeconds,
    cameraPostRollSeconds: config.cameraPostRollSeconds,
    cameraRetentionDays: config.cameraRetentionDays,
    cameraDetectFps: config.cameraDetectFps,
  };
}

/**
 * Parses `text` with the variable's parser; a ConfigError names the setting (not the variable), e.g.
 * `min_free: "lots" is not a size; …`. Empty text is refused: an unset variable means "the default",
 * which for a stored setting is said with null (back to the environment's value).
 */
export function parseSetting(name: SettingName, text: string, config: Config): RuntimeSettings[Field] {
  const spec = CONFIG_SPEC[RUNTIME_SETTINGS[name]];
  const trimmed = text.trim();
  const at: ParseContext = { name, original: text, cwd: config.dataDir, dataDir: config.dataDir };
  if (trimmed === '') throw new SettingError(name, 'is empty; send null to go back to the value from the environment');
  return spec.parse(trimmed, at);
}

/** The value as text the variable's parser reads back to the same value. */
export function settingText(name: SettingName, settings: RuntimeSettings): string {
  switch (name) {
    case 'retention_max_bytes':
      return settings.retentionMaxBytes === null ? '0' : String(settings.retentionMaxBytes);
    case 'min_free':
      return floorText(settings.minFree);
    case 'metrics_public':
      return String(settings.metricsPublic);
    case 'ready_min_recording_percent':
      return String(settings.readyMinRecordingPercent);
    case 'camera_segment_seconds':
      return String(settings.cameraSegmentSeconds);
    case 'camera_record_mode':
      return settings.cameraRecordMode;
    case 'camera_pre_roll_seconds':
      return String(settings.cameraPreRollSeconds);
    case 'camera_post_roll_seconds':
      return String(settings.cameraPostRollSeconds);
    case 'camera_retention_days':
      return settings.cameraRetentionDays === null ? '0' : String(settings.cameraRetentionDays);
    case 'camera_detect_fps':
      return settings.cameraDetectFps === null ? '0' : String(settings.cameraDetectFps);
  }
}

/** The variable that gives a setting its value at start, and what it means. */
export function settingSpec(name: SettingName): { variable: string; type: string; description: string } {
  const spec = CONFIG_SPEC[RUNTIME_SETTINGS[name]];
  return { variable: spec.variable, type: spec.type, description: spec.description };
}

export function withSetting(settings: RuntimeSettings, name: SettingName, value: RuntimeSettings[Field]): RuntimeSettings {
  return { ...settings, [RUNTIME_SETTINGS[name]]: value };
}

function floorText(floor: FreeSpaceFloor | null): string {
  if (floor === null) return '0';
  return 'bytes' in floor ? String(floor.bytes) : `${floor.percent}%`;
}

export class SettingError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'SettingError';
  }
}
