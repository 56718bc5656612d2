import { Type, type TOptional } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/auth.routes.js';
import { Nullable, Rfc3339, StringEnum, errorResponses } from '../contract/schemas.js';
import { toRfc3339OrNull } from '../time.js';
import { SETTING_NAMES } from './runtime-settings.js';
import type { SettingView, SettingsStore } from './settings-store.js';

const SettingSchema = Type.Object(
  {
    name: StringEnum(SETTING_NAMES),
    variable: Type.String({ description: 'The environment variable that gives the value at start.' }),
    type: Type.String({ description: 'The accepted values, in words.' }),
    description: Type.String(),
    value: Type.String({ description: 'The value in effect, as text the variable accepts.' }),
    source: StringEnum(['stored', 'environment'] as const, { description: '`stored`: set through this API; `environment`: from the variable or its default.' }),
    environment_value: Type.String({ description: 'The value the environment gives (in effect again once the stored one is cleared).' }),
    updated_at: Nullable(Rfc3339),
    updated_by: Nullable(Type.String()),
  },
  { $id: 'Setting', title: 'Setting' },
);

const SettingsSchema = Type.Object({ settings: Type.Array(SettingSchema) });

const SettingValue = Nullable(Type.String({ maxLength: 200, description: 'Text as the variable accepts it; null goes back to the environment value.' }));
const SettingsBody = Type.Object(
  Object.fromEntries(SETTING_NAMES.map((name) => [name, Type.Optional(SettingValue)])) as Record<(typeof SETTING_NAMES)[number], TOptional<typeof SettingValue>>,
  { additionalProperties: false, minProperties: 1 },
);

function settingsJson(views: SettingView[]) {
  return { settings: views.map((v) => ({ ...v, updated_at: toRfc3339OrNull(v.updated_at) })) };
}

/** GET/PUT /api/settings: the settings that change at run time (admins only; a PUT is audited like every change). */
export const settingsRoutes: FastifyPluginAsyncTypebox<{ settings: SettingsStore }> = async (app, { settings }) => {
  const tags = ['system'];
  const config = { access: { minRole: 'admin' } } as const;

  app.get('/api/settings', {
    config,
    schema: {
      tags,
      summary: 'Settings that can change at run time',
      description: 'Each with the value in effect, where it comes from and what the environment gives.',
      response: { 200: SettingsSchema, ...errorResponses(401, 403) },
    },
    handler: async () => settingsJson(settings.view()),
  });

  app.put('/api/settings', {
    config,
    schema: {
      tags,
      summary: 'Change settings at run time',
      description:
        'Values are text as the environment variable accepts it (`"500GiB"`, `"5%"`, `"true"`, `"80"`), validated by the same rules; null returns a setting to the environment value. A bad value is a 400 naming the setting and nothing is changed. Takes effect at once.',
      body: SettingsBody,
      response: { 200: SettingsSchema, ...errorResponses(400, 401, 403) },
    },
    handler: async (request) => {
      await settings.update(request.body, principalOf(request).name);
      return settingsJson(settings.view());
    },
  });
};
