import type { CameraSpec, Camsim } from '@heldar/camsim';
import { afterEach } from 'vitest';
import type { KernelOptions } from '../../src/kernel.js';
import { startTestCamsim } from './camsim.js';
import { startTestKernel, tempDir, type TestKernel } from './test-kernel.js';

/**
 * Kernels, simulators and folders a test starts, closed after each test in reverse order (a kernel
 * stops its recorders before the simulator it records goes away). Call once per test file.
 */
export function testResources() {
  const disposers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const dispose of disposers.splice(0).reverse()) await dispose();
  });
  return {
    async kernel(env: Record<string, string> = {}, options: Parameters<typeof startTestKernel>[1] = {}): Promise<TestKernel> {
      const kernel = await startTestKernel(env, options);
      disposers.push(() => kernel.dispose());
      return kernel;
    },
    /** A kernel with the recorder on and a fast tick (schedules and windows re-checked every 200 ms). */
    async recordingKernel(env: Record<string, string> = {}, options: KernelOptions & { logLines?: string[]; dataDir?: string } = {}): Promise<TestKernel> {
      return this.kernel({ HELDAR_RECORDER_ENABLED: 'true', ...env }, { recorderTickMs: 200, ...options });
    },
    async camsim(cameras: CameraSpec[]): Promise<Camsim> {
      const camsim = await startTestCamsim(cameras);
      disposers.push(() => camsim.close());
      return camsim;
    },
    async dir(prefix?: string): Promise<string> {
      const { dir, remove } = await tempDir(prefix);
      disposers.push(remove);
      return dir;
    },
    /** Anything else to undo after the test. */
    defer(dispose: () => Promise<void>): void {
      disposers.push(dispose);
    },
  };
}
