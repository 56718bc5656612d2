import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Rfc3339, StringEnum } from '../../contract/schemas.js';

const ModuleName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9._-]*$', description: 'Lower-case letters, digits, ., _ and -.' });
const pathOf = (description: string) => Type.String({ minLength: 1, maxLength: 200, pattern: '^/[^\\s]*$', description });
const Path = pathOf('A path starting with /.');

export const NavigationEntry = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: 60, pattern: '^[^\r\n]+$' }), path: Path },
  { additionalProperties: false, description: "A link in the UI's navigation to /m/<name><path>." },
);
export type NavigationEntry = Static<typeof NavigationEntry>;

export const ModuleBody = Type.Object(
  {
    name: ModuleName,
    version: Type.String({ minLength: 1, maxLength: 50 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    consumes: Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_]+\\*?$' }), {
      maxItems: 100,
      uniqueItems: true,
      description: 'Event kinds the module consumes (`zone_*` for a prefix); the stream filter it will use, and the kinds of a sidecar\'s webhook.',
    }),
    ui_url: Type.Optional(Type.String({ maxLength: 2048, description: "Where the module's UI lives: an http(s) URL or a path on this server." })),
    base_url: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2048,
        description: 'Registers the module as a sidecar: Heldar issues it an API key and a signed webhook, proxies /m/<name>/* to this URL and checks its health.',
      }),
    ),
    navigation: Type.Optional(Type.Array(NavigationEntry, { maxItems: 20, description: "A sidecar's entries in the UI's navigation." })),
    health_path: Type.Optional(pathOf("A sidecar's health check, GET <base_url><health_path> every 30 s (default /healthz).")),
    webhook_path: Type.Optional(pathOf("Where a sidecar receives its events, <base_url><webhook_path> (default /heldar/webhook).")),
  },
  { additionalProperties: false },
);
export type ModuleBody = Static<typeof ModuleBody>;

const SidecarSchema = Type.Object({
  base_url: Type.String(),
  proxy_path: Type.String({ description: 'Where Heldar serves the sidecar: /m/<name>/.' }),
  navigation: Type.Array(NavigationEntry),
  webhook_id: Type.String(),
  api_key_id: Type.String(),
  health: StringEnum(['unknown', 'up', 'down'] as const),
  health_checked_at: Nullable(Rfc3339),
  health_error: Nullable(Type.String()),
});
export type SidecarDto = Static<typeof SidecarSchema>;

const moduleFields = {
  name: Type.String(),
  version: Type.String(),
  description: Nullable(Type.String()),
  consumes: Type.Array(Type.String()),
  ui_url: Nullable(Type.String()),
  registered_by: Nullable(Type.String()),
  created_at: Rfc3339,
  updated_at: Rfc3339,
  sidecar: Type.Union([SidecarSchema, Type.Null()], { description: 'Set when the module was registered with a base_url.' }),
};

export const ModuleSchema = Type.Object(moduleFields, { $id: 'Module', title: 'Module' });
export type ModuleDto = Static<typeof ModuleSchema>;

export const ModuleRegisteredSchema = Type.Object(
  {
    ...moduleFields,
    credentials: Type.Optional(
      Type.Object(
        {
          api_key: Type.String({ description: 'An API key with the integration scope, for the sidecar.' }),
          webhook_id: Type.String(),
          webhook_secret: Type.String({ description: "Signs the sidecar's webhook deliveries and the X-Heldar-User headers of proxied requests." }),
        },
        { description: 'Only in this answer: a new key and subscription replace the ones of an earlier registration.' },
      ),
    ),
  },
  { title: 'ModuleRegistered' },
);
export type ModuleRegisteredDto = Static<typeof ModuleRegisteredSchema>;

export const ModuleParams = Type.Object({ name: ModuleName });
