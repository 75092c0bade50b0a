import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Two pages, one build: the supervisors' dashboard (/) and the member page (/m/). The silo embeds
// dist/ (src/PartyActors.Silo/WebUi/WebUi.targets passes --outDir) and serves it; nothing is
// fetched from a CDN, so the pages work without the internet.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      input: {
        dashboard: resolve(import.meta.dirname, 'index.html'),
        member: resolve(import.meta.dirname, 'm/index.html'),
      },
    },
  },
});
