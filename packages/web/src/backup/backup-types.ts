import type { components, paths } from '../api/openapi.gen';

/** The backup API's shapes, from the generated contract. */
export type BackupDestination = components['schemas']['BackupDestination'];
export type BackupPolicy = components['schemas']['BackupPolicy'];
export type BackupJob = components['schemas']['BackupJob'];
export type DestinationCreate = NonNullable<paths['/api/backup/destinations']['post']['requestBody']>['content']['application/json'];
export type PolicyCreate = NonNullable<paths['/api/backup/policies']['post']['requestBody']>['content']['application/json'];
