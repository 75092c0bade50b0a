import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Two pages, one build: the supervisors' dashboard (/) and the member page (/m/). The silo embeds
// dist/ (src/PartyActors.Silo/WebUi/WebUi.targets passes --outDir) and serves it; nothing is
// fetched from a CDN, so the pages work without the internet.
// import.meta.dirname needs Node 20.11; this works on Node 18 too.
const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      input: {
        dashboard: resolve(root, 'index.html'),
        member: resolve(root, 'm/index.html'),
      },
    },
  },
});
