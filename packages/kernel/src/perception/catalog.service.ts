import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { BadRequest, NotFound } from '../errors.js';
import { toRfc3339 } from '../time.js';
import type { CatalogModule } from './catalog-module.js';
import type { CatalogRepository } from './catalog.repository.js';
import type { ModuleBody, ModuleDto } from './perception.schemas.js';

/**
 * The module catalog: domain apps (retail analytics, site security, …) announce themselves with a
 * manifest — name, version, the event kinds they consume, where their UI is — so operators can see
 * what builds on this Heldar. Registering again with the same name updates the manifest.
 */
export class CatalogService {
  constructor(
    private readonly modules: CatalogRepository,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ModuleDto[]> {
    return (await this.modules.list()).map(toDto);
  }

  async get(name: string): Promise<ModuleDto> {
    const module = await this.modules.find(name);
    if (!module) throw new NotFound(`module ${name} not found`);
    return toDto(module);
  }

  /** Registers or updates a manifest; `created` tells which. */
  async register(body: ModuleBody, principal: Principal | undefined): Promise<{ module: ModuleDto; created: boolean }> {
    if (body.ui_url !== undefined) checkUiUrl(body.ui_url);
    const now = this.clock.now();
    const existing = await this.modules.find(body.name);
    await this.modules.upsert({
      name: body.name,
      version: body.version.trim(),
      description: body.description ?? null,
      consumes: body.consumes,
      ui_url: body.ui_url ?? null,
      registered_by: principal?.name ?? null,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    });
    return { module: await this.get(body.name), created: existing === undefined };
  }

  async delete(name: string): Promise<void> {
    if (!(await this.modules.delete(name))) throw new NotFound(`module ${name} not found`);
  }
}

function checkUiUrl(value: string): void {
  if (value.startsWith('/') && !value.startsWith('//')) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch (e: unknown) {
    throw new BadRequest('ui_url must be an http(s) URL or a path starting with /', { cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadRequest(`ui_url must use http or https (got ${url.protocol.slice(0, -1)})`);
  if (url.username || url.password) throw new BadRequest('ui_url must not contain credentials');
}

function toDto(module: CatalogModule): ModuleDto {
  return {
    name: module.name,
    version: module.version,
    description: module.description,
    consumes: module.consumes,
    ui_url: module.ui_url,
    registered_by: module.registered_by,
    created_at: toRfc3339(module.created_at),
    updated_at: toRfc3339(module.updated_at),
  };
}
