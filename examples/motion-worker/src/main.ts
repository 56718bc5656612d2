#!/usr/bin/env node
// The motion worker as a program:
//   HELDAR_URL=http://127.0.0.1:8080 HELDAR_API_KEY=$(heldar key add --name motion --scope worker) \
//     node examples/motion-worker/dist/main.js
// Optional: MOTION_CAMERAS=door,yard  MOTION_FPS=2  MOTION_THRESHOLD=12
import { createMotionWorker } from './motion-worker.js';

const env = process.env;
const worker = createMotionWorker({
  url: env.HELDAR_URL ?? 'http://127.0.0.1:8080',
  apiKey: env.HELDAR_API_KEY,
  cameras: env.MOTION_CAMERAS ? env.MOTION_CAMERAS.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
  fps: env.MOTION_FPS ? Number(env.MOTION_FPS) : undefined,
  motion: env.MOTION_THRESHOLD ? { threshold: Number(env.MOTION_THRESHOLD) } : undefined,
  onResult: (camera, detections) => {
    if (detections.length > 0) console.log(`${new Date().toISOString()} ${camera}: ${detections.length} motion box(es), strongest ${detections[0]?.confidence}`);
  },
  onError: (e) => console.error(`motion worker: ${e.message}`),
});

await worker.start();
console.log(`motion worker ${worker.workerId} registered; cameras: ${worker.assignedCameras.join(', ') || '(none yet)'}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void worker.stop().then(() => process.exit(0));
  });
}
