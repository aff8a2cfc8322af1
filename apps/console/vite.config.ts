import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The inspection console: built into dist/console and served by the API at /console. */
export default defineConfig({
  root,
  base: '/console/',
  logLevel: 'warn',
  // Vite 8 transforms TSX itself (Oxc); the automatic runtime spares every file a React import.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // ECharts alone is about 600 kB minified: one chunk is fine for a console on the service's own host.
    chunkSizeWarningLimit: 1500,
  },
});
