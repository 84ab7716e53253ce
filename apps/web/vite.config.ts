// The console's build and dev server. No React plugin: Vite's own Oxc transform compiles TSX (tsconfig jsx react-jsx).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://127.0.0.1:3000';
/** The API's own paths: the dev server forwards them, so the console talks to one origin as in production. */
const API_PATHS = ['/auth', '/me', '/cases', '/ops', '/health', '/docs', '/metrics', '/notifications'];

export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // Mantine marks its modules "use client" for React Server Components; meaningless in a client bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    host: '127.0.0.1',
    proxy: Object.fromEntries(API_PATHS.map((p) => [p, { target: api, changeOrigin: false }])),
  },
});
