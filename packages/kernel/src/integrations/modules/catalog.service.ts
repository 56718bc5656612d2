import type { Principal } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { BadRequest, Forbidden, NotFound } from '../../errors.js';
import { toRfc3339 } from '../../time.js';
import type { CatalogModule } from './catalog-module.js';
import type { CatalogRepository } from './catalog.repository.js';
import type { ModuleBody, ModuleDto, ModuleRegisteredDto, SidecarDto } from './module.schemas.js';
import type { SidecarService } from './sidecar.service.js';

/**
 * The module catalog: domain apps (retail analytics, site security, …) announce themselves with a
 * manifest — name, version, the event kinds they consume, where their UI is — so operators can see
 * what builds on this Heldar. Registering again with the same name updates the manifest. A manifest
 * with a base_url makes the module a sidecar (sidecar.service.ts); one without it stops being one.
 */
export class CatalogService {
  constructor(
    private readonly modules: CatalogRepository,
    private readonly clock: Clock,
    private readonly sidecars: SidecarService,
  ) {}

  async list(): Promise<ModuleDto[]> {
    const sidecars = await this.sidecars.dtos();
    return (await this.modules.list()).map((m) => toDto(m, sidecars.get(m.name) ?? null));
  }

  async get(name: string): Promise<ModuleDto> {
    const module = await this.modules.find(name);
    if (!module) throw new NotFound(`module ${name} not found`);
    return toDto(module, (await this.sidecars.dtos()).get(name) ?? null);
  }

  /** Registers or updates a manifest; `created` tells which. A sidecar's new credentials come with it, once. */
  async register(body: ModuleBody, principal: Principal | undefined): Promise<{ module: ModuleRegisteredDto; created: boolean }> {
    if (body.ui_url !== undefined) checkUiUrl(body.ui_url);
    // A sidecar gets a webhook of its own, and only admins may send events out of the site.
    if (body.base_url !== undefined && principal?.kind === 'user' && principal.role !== 'admin') {
      throw new Forbidden('registering a sidecar (base_url) needs the admin role or an integration key');
    }
    // The sidecar first: a refused base_url leaves the catalog as it was.
    const credentials = body.base_url === undefined ? undefined : await this.sidecars.register({ ...body, base_url: body.base_url }, principal);
    if (body.base_url === undefined) await this.sidecars.unregister(body.name).catch(() => undefined /* it was no sidecar */);
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
    const module = await this.get(body.name);
    return { module: credentials === undefined ? module : { ...module, credentials }, created: existing === undefined };
  }

  async delete(name: string): Promise<void> {
    if (!(await this.modules.find(name))) throw new NotFound(`module ${name} not found`);
    await this.sidecars.unregister(name).catch(() => undefined /* it was no sidecar */);
    await this.modules.delete(name);
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

function toDto(module: CatalogModule, sidecar: SidecarDto | null): ModuleDto {
  return {
    sidecar,
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
