import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { Conflict, NotFound } from '../errors.js';
import { toRfc3339, toRfc3339OrNull } from '../time.js';
import type { Policy } from './backup.js';
import type { BackupRepository } from './backup.repository.js';
import type { PolicyCreateBody, PolicyDto, PolicyPatchBody } from './backup.schemas.js';
import type { DestinationService } from './destination.service.js';

/** Backup policies: what to copy where, how often. */
export class PolicyService {
  constructor(
    private readonly repository: BackupRepository,
    private readonly destinations: DestinationService,
    private readonly clock: Clock,
    private readonly hasOpenJob: (policyId: string) => Promise<boolean>,
  ) {}

  async list(): Promise<PolicyDto[]> {
    return (await this.repository.policies()).map(toDto);
  }

  async create(body: PolicyCreateBody): Promise<PolicyDto> {
    await this.destinations.find(body.destination_id);
    const now = this.clock.now();
    const policy: Policy = {
      id: `bkp_${randomBytes(8).toString('hex')}`,
      name: body.name.trim(),
      destination_id: body.destination_id,
      camera_ids: listOrAll(body.camera_ids),
      every_minutes: body.every_minutes,
      look_back_hours: body.look_back_hours ?? 24,
      only_incidents: body.only_incidents ?? false,
      include_database: body.include_database ?? false,
      enabled: body.enabled ?? true,
      last_run_at: null,
      created_at: now,
      updated_at: now,
    };
    await this.repository.savePolicy(policy, true);
    return toDto(policy);
  }

  async update(id: string, body: PolicyPatchBody): Promise<PolicyDto> {
    const current = await this.find(id);
    if (body.destination_id !== undefined) await this.destinations.find(body.destination_id);
    const next: Policy = {
      ...current,
      ...body,
      name: body.name?.trim() ?? current.name,
      camera_ids: body.camera_ids === undefined ? current.camera_ids : listOrAll(body.camera_ids),
      updated_at: this.clock.now(),
    };
    await this.repository.savePolicy(next, false);
    return toDto(next);
  }

  async delete(id: string): Promise<void> {
    await this.find(id);
    if (await this.hasOpenJob(id)) throw new Conflict(`backup policy ${id} has a job waiting or running; cancel it first`);
    await this.repository.deletePolicy(id);
  }

  async find(id: string): Promise<Policy> {
    const policy = await this.repository.policy(id);
    if (!policy) throw new NotFound(`backup policy ${id} not found`);
    return policy;
  }
}

function listOrAll(list: readonly string[] | undefined): string[] | null {
  return list === undefined || list.length === 0 ? null : [...list];
}

function toDto(p: Policy): PolicyDto {
  return {
    ...p,
    camera_ids: p.camera_ids ?? [],
    last_run_at: toRfc3339OrNull(p.last_run_at),
    created_at: toRfc3339(p.created_at),
    updated_at: toRfc3339(p.updated_at),
  };
}
