import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { ConfigError, type Config } from '../config.js';
import { BadRequest } from '../errors.js';
import {
  SETTING_NAMES,
  SettingError,
  isSettingName,
  parseSetting,
  settingSpec,
  settingText,
  settingsOf,
  withSetting,
  type RuntimeSettings,
  type SettingName,
} from './runtime-settings.js';
import type { SettingsRepository, StoredSetting } from './settings.repository.js';

/** One setting as GET /api/settings shows it. */
export interface SettingView {
  name: SettingName;
  variable: string;
  type: string;
  description: string;
  /** The value in effect, as text its variable accepts. */
  value: string;
  /** `stored`: set at run time; `environment`: the variable's value (or its default). */
  source: 'stored' | 'environment';
  /** What the environment gives: the value again after the stored one is cleared (null). */
  environment_value: string;
  updated_at: number | null;
  updated_by: string | null;
}

/** A change: new text per setting, or null to go back to the environment's value. */
export type SettingChanges = Partial<Record<string, string | null>>;

type Listener = (settings: RuntimeSettings) => void;

/**
 * The settings in effect: the environment's values with the stored ones on top. Services that obey a
 * setting read `current()` each time they act (the retention sweep, a scrape, a readiness probe), so
 * a change takes effect at once, without a restart; `onChange` tells those that must react sooner.
 */
export class SettingsStore {
  private constructor(
    private readonly config: Config,
    private readonly repository: SettingsRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private values: RuntimeSettings,
    private stored: Map<SettingName, StoredSetting>,
  ) {}

  private readonly listeners = new Set<Listener>();

  /** Reads the stored settings; one that no longer parses (a rule tightened) is ignored with a warning. */
  static async load(config: Config, repository: SettingsRepository, clock: Clock, logger: Logger): Promise<SettingsStore> {
    let values = settingsOf(config);
    const stored = new Map<SettingName, StoredSetting>();
    for (const row of await repository.all()) {
      if (!isSettingName(row.name)) continue;
      try {
        values = withSetting(values, row.name, parseSetting(row.name, row.value, config));
        stored.set(row.name, row);
      } catch (e: unknown) {
        logger.warn({ err: e, setting: row.name }, 'stored setting no longer valid; using the environment value');
      }
    }
    return new SettingsStore(config, repository, clock, logger, Object.freeze(values), stored);
  }

  current(): RuntimeSettings {
    return this.values;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  view(): SettingView[] {
    const environment = settingsOf(this.config);
    return SETTING_NAMES.map((name) => {
      const stored = this.stored.get(name);
      return {
        name,
        ...settingSpec(name),
        value: stored?.value ?? settingText(name, this.values),
        source: stored === undefined ? 'environment' : 'stored',
        environment_value: settingText(name, environment),
        updated_at: stored?.updatedAt ?? null,
        updated_by: stored?.updatedBy ?? null,
      };
    });
  }

  /**
   * Validates every change first (a BadRequest names the first bad setting and nothing is changed),
   * then stores them in one transaction and swaps the values in effect.
   */
  async update(changes: SettingChanges, by: string | null): Promise<void> {
    let next = settingsOf(this.config);
    const stored = new Map(this.stored);
    const set: StoredSetting[] = [];
    const cleared: SettingName[] = [];
    const now = this.clock.now();
    for (const [name, text] of Object.entries(changes)) {
      if (text === undefined) continue;
      if (!isSettingName(name)) throw new BadRequest(`${name}: not a setting; the settings are ${SETTING_NAMES.join(', ')}`);
      if (text === null) {
        stored.delete(name);
        cleared.push(name);
        continue;
      }
      parseOrRefuse(name, text, this.config);
      const row = { name, value: text.trim(), updatedAt: now, updatedBy: by };
      stored.set(name, row);
      set.push(row);
    }
    for (const [name, row] of stored) next = withSetting(next, name, parseSetting(name, row.value, this.config));
    await this.repository.apply(set, cleared);
    this.stored = stored;
    this.values = Object.freeze(next);
    this.logger.info({ set: set.map((s) => s.name), cleared, by }, 'settings changed');
    for (const listener of this.listeners) listener(this.values);
  }
}

function parseOrRefuse(name: SettingName, text: string, config: Config): void {
  try {
    parseSetting(name, text, config);
  } catch (e: unknown) {
    if (e instanceof ConfigError || e instanceof SettingError) throw new BadRequest(e.message, { cause: e });
    throw e;
  }
}
