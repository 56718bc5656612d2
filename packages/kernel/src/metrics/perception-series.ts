import { Counter, Gauge, type Registry } from 'prom-client';
import type { PerceptionFigures } from '../perception/perception-figures.js';

/**
 * The perception pipeline's series, computed at scrape time from PerceptionFigures: what the samplers
 * deliver per camera, what reaches each worker, the detections accepted. Labels are camera ids and
 * worker ids (a worker's series goes with its session: workers online now, never an unbounded set).
 */
export function registerPerceptionSeries(registry: Registry, figures: PerceptionFigures): void {
  const registers = [registry];
  new Gauge({
    name: 'heldar_sampler_fps',
    help: 'Frames per second a camera\'s sampler delivers now (0 while starting, offline or in error).',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const s of figures.samplers()) this.set({ camera: s.cameraId }, s.fps);
    },
  });
  new Counter({
    name: 'heldar_sampler_frames_total',
    help: 'Frames a camera\'s sampler delivered since start.',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const s of figures.samplers()) this.inc({ camera: s.cameraId }, s.frames);
    },
  });
  new Counter({
    name: 'heldar_sampler_frames_dropped_total',
    help: 'Frames of a camera replaced by a newer one (or too old) before a worker took them, since start.',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const s of figures.samplers()) this.inc({ camera: s.cameraId }, s.dropped);
    },
  });
  const workers = (field: 'sent' | 'dropped' | 'skipped', help: string) =>
    new Counter({
      name: `heldar_worker_frames_${field}_total`,
      help,
      labelNames: ['worker'],
      registers,
      collect() {
        this.reset();
        for (const w of figures.workers()) this.inc({ worker: w.workerId }, w[field]);
      },
    });
  workers('sent', 'Frames delivered to an online worker since it registered.');
  workers('dropped', 'Frames meant for an online worker that it never got (a newer frame replaced them while it had no credit).');
  workers('skipped', 'Frames left out to keep to the fps an online worker asked for (not drops).');
  new Counter({
    name: 'heldar_detections_ingested_total',
    help: 'Detections accepted from workers since start.',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const [camera, count] of figures.detections()) this.inc({ camera }, count);
    },
  });
}
