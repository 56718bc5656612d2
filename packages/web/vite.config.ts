import { defineConfig } from 'vite';

// React's JSX goes through esbuild's automatic runtime; no React plugin (no Fast Refresh needed to build).
// `npm run dev -w @heldar/web` proxies the API to a kernel on :8080 (HELDAR_DEV_API overrides it).
const api = process.env.HELDAR_DEV_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 700 },
  // ws: the live view's WebSocket (/api/cameras/:id/live) goes through the proxy too.
  server: { proxy: { '/api': { target: api, ws: true }, '/media': api } },
});
