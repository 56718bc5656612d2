import { Type, type Static } from '@sinclair/typebox';
import { SINGLE_LINE } from '../contract/text-format.js';
import { Nullable, Rfc3339, StringEnum } from '../contract/schemas.js';
import { KEY_SCOPES, ROLES } from './principal.js';

export const RoleSchema = StringEnum(ROLES, { description: 'admin: everything; operator: cameras, recording, exports, incidents; viewer: watch only.' });
export const ScopeSchema = StringEnum(KEY_SCOPES, { description: 'worker: the worker API only; integration: acts as an operator; admin: acts as an admin; metrics: GET /metrics only.' });

export const UserSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    role: RoleSchema,
    created_at: Rfc3339,
    updated_at: Rfc3339,
    last_login_at: Nullable(Rfc3339),
  },
  { $id: 'User', title: 'User' },
);

const Password = (description: string) => Type.String({ minLength: 1, maxLength: 1024, description });

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 200 }), password: Password('The password.') },
  { additionalProperties: false },
);

export const LoginResponse = Type.Object({ user: UserSchema, expires_at: Rfc3339 });

export const MeResponse = Type.Object({
  kind: StringEnum(['user', 'api_key'] as const),
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  scopes: Type.Array(ScopeSchema),
  session_expires_at: Nullable(Rfc3339),
});

export const PasswordChangeBody = Type.Object(
  { current_password: Password('Your current password.'), new_password: Password('At least 12 characters.') },
  { additionalProperties: false },
);

export const UserCreateBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64, description: 'Letters, digits and . _ @ -; case-insensitive.' }),
    password: Password('At least 12 characters.'),
    role: Type.Optional(RoleSchema),
  },
  { additionalProperties: false },
);
export type UserCreateBody = Static<typeof UserCreateBody>;

export const UserPatchBody = Type.Object(
  { role: Type.Optional(RoleSchema), password: Type.Optional(Password('At least 12 characters; ends the user\'s sessions.')) },
  { additionalProperties: false, minProperties: 1 },
);

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const ApiKeySchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    scopes: Type.Array(ScopeSchema),
    created_by: Nullable(Type.String()),
    created_at: Rfc3339,
    last_used_at: Nullable(Rfc3339),
    revoked_at: Nullable(Rfc3339),
  },
  { $id: 'ApiKey', title: 'ApiKey' },
);

export const ApiKeyCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, format: SINGLE_LINE, description: 'What the key is for, e.g. "gate-worker-1".' }),
    scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: 3, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const CreatedApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(ScopeSchema),
  key: Type.String({ description: 'The key itself, shown only in this response: store it now.' }),
  rtsp_password: Type.String({
    description: 'Digest password for the RTSP restream (`rtsp://<key id>:<rtsp_password>@host:port/<camera id>`), shown only in this response.',
  }),
  created_at: Rfc3339,
});

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 100, description: 'User name or key name (for sign-ins: the name tried).' })),
    action: Type.Optional(Type.String({ maxLength: 300, description: 'Exact action, e.g. `login` or `POST /api/cameras`; a trailing `*` matches a prefix.' })),
    outcome: Type.Optional(StringEnum(['ok', 'denied', 'failed', 'rejected', 'error', 'throttled'] as const)),
    from: Type.Optional(Type.String({ description: 'RFC 3339; entries at or after.' })),
    to: Type.Optional(Type.String({ description: 'RFC 3339; entries before.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    before_id: Type.Optional(Type.Integer({ minimum: 1, description: 'Cursor: only entries with a smaller id.' })),
  },
  { additionalProperties: false },
);

export const AuditEntrySchema = Type.Object(
  {
    id: Type.Integer(),
    at: Rfc3339,
    actor_kind: StringEnum(['user', 'api_key', 'anonymous', 'cli', 'system'] as const),
    actor_id: Nullable(Type.String()),
    actor: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    action: Type.String(),
    method: Nullable(Type.String()),
    route: Nullable(Type.String()),
    target_id: Nullable(Type.String()),
    status: Nullable(Type.Integer()),
    outcome: Type.String(),
    detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'AuditEntry', title: 'AuditEntry' },
);
