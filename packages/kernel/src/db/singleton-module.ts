import type { Logger } from 'pino';
import type { FeatureModule } from '../feature-module.js';
import type { SessionLock } from './session-lock.js';

/**
 * Makes a module's background work run on the cluster leader only: its routes stay on every node
 * (any node answers any call), its start() runs when this node takes the lead and its stop() when it
 * loses it or shuts down. Without a lock (SQLite: one node) the module is returned unchanged.
 */
export function singletonModule<M extends FeatureModule>(module: M, lock: SessionLock | null, name: string, logger: Logger): M {
  if (lock === null) return module;
  const start = module.start?.bind(module);
  const stop = module.stop?.bind(module);
  let running = false;
  let unsubscribe: (() => void) | undefined;
  // Transitions one after another: a lead lost while the start is still running stops after it.
  let turn: Promise<void> = Promise.resolve();
  const become = (leading: boolean): void => {
    turn = turn.then(async () => {
      if (leading === running) return;
      running = leading;
      await (leading ? start?.() : stop?.());
    }).catch((e: unknown) => logger.error({ err: e, module: name }, `leader lock: ${leading ? 'starting' : 'stopping'} ${name} failed`));
  };
  return Object.assign(module, {
    async start() {
      await lock.start();
      unsubscribe = lock.onChange(become);
      // The lead taken at the first try: the work runs before start() returns, as it does on one node.
      await turn;
    },
    async stop() {
      unsubscribe?.();
      become(false);
      await turn;
    },
  });
}
