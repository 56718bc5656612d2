/** A worker as the camera assignment sees it. */
export interface AssignableWorker {
  id: string;
  /** Workers with the same name are replicas and share cameras; other names each get their own copy. */
  name: string;
  wants: '*' | ReadonlySet<string>;
  registeredAt: number;
  assigned: ReadonlySet<string>;
}

/**
 * Which cameras each online worker gets. Within a group of same-named workers every wanted camera
 * goes to exactly one of them: a camera stays with the worker that has it while that worker still
 * wants it (no reshuffling when a worker joins), and a free camera goes to the worker of the group
 * with the fewest cameras (ties: registered first). Pure; the result has an entry for every worker.
 */
export function assignCameras(cameras: readonly string[], workers: readonly AssignableWorker[]): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>(workers.map((w) => [w.id, new Set<string>()]));
  const groups = new Map<string, AssignableWorker[]>();
  for (const w of workers) {
    const group = groups.get(w.name) ?? [];
    group.push(w);
    groups.set(w.name, group);
  }
  const sorted = [...new Set(cameras)].sort();
  for (const group of groups.values()) {
    group.sort((a, b) => a.registeredAt - b.registeredAt || a.id.localeCompare(b.id));
    const pending: string[] = [];
    for (const camera of sorted) {
      const holder = group.find((w) => w.assigned.has(camera) && wants(w, camera));
      if (holder) result.get(holder.id)?.add(camera);
      else pending.push(camera);
    }
    for (const camera of pending) {
      let best: AssignableWorker | undefined;
      for (const w of group) {
        if (!wants(w, camera)) continue;
        if (!best || (result.get(w.id)?.size ?? 0) < (result.get(best.id)?.size ?? 0)) best = w;
      }
      if (best) result.get(best.id)?.add(camera);
    }
  }
  return result;
}

function wants(worker: AssignableWorker, camera: string): boolean {
  return worker.wants === '*' || worker.wants.has(camera);
}
