#!/usr/bin/env node
// The media benchmark (playback and export issue, `bench/media.*`): playback session creation and the
// timeline (bench/playback.mjs), then clip export against cp and ffmpeg concat (bench/export.mjs).
// Run those directly to pass options. Build first (`npx tsc -b`). Usage: node bench/media.mjs
import { runScripts } from './lib/run-scripts.mjs';

runScripts(['playback', 'export']);
