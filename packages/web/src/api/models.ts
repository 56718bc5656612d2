/**
 * Names for the API's shapes as the UI uses them, all derived from the generated contract
 * (openapi.gen.ts): a change on the kernel side shows up here as a type error, not as a wrong screen.
 */
import type { components, paths } from './openapi.gen';
import { apiKeyScopesValues, cameraRecord_modeValues } from './openapi.gen';

type Schemas = components['schemas'];
type Json<Path extends keyof paths, Method extends keyof paths[Path], Status extends number> = paths[Path][Method] extends {
  responses: { [S in Status]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type Camera = Schemas['Camera'];
export type CameraStatus = Schemas['CameraStatus'];
export type CameraState = CameraStatus['state'];
export type RecordMode = Camera['record_mode'];
export const RECORD_MODES: readonly RecordMode[] = cameraRecord_modeValues;
export type CameraCreate = NonNullable<paths['/api/cameras']['post']['requestBody']>['content']['application/json'];
export type CameraPatch = NonNullable<paths['/api/cameras/{id}']['patch']['requestBody']>['content']['application/json'];
export type ScheduleWindow = Json<'/api/cameras/{id}/schedules', 'get', 200>['schedules'][number];
export type Segment = Schemas['Segment'];
export type Timeline = Schemas['Timeline'];
export type HeldarEvent = Schemas['Event'];
export type EventKind = Schemas['EventKind'];
export type PlaybackSession = Schemas['PlaybackSession'];
export type Clip = Schemas['Clip'];
export type Zone = Schemas['Zone'];
export type ZoneKind = Zone['kind'];
export type Incident = Schemas['Incident'];
export type StorageReport = Schemas['StorageReport'];
export type User = Schemas['User'];
export type Role = User['role'];
export type ApiKey = Schemas['ApiKey'];
export type KeyScope = ApiKey['scopes'][number];
export const KEY_SCOPES: readonly KeyScope[] = apiKeyScopesValues as readonly KeyScope[];
export type CreatedApiKey = Json<'/api/keys', 'post', 201>;
export type AuditEntry = Schemas['AuditEntry'];
export type Me = Json<'/api/auth/me', 'get', 200>;
export type SamplerStatus = Schemas['SamplerStatus'];
export type SystemView = Schemas['System'];
export type Setting = Schemas['Setting'];
export type Webhook = Schemas['Webhook'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookCreate = NonNullable<paths['/api/webhooks']['post']['requestBody']>['content']['application/json'];
export type EventType = Json<'/api/events/types', 'get', 200>['types'][number];
export type HeldarModule = Schemas['Module'];
export type Archive = Schemas['Archive'];
