import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Two single-page apps built side by side into dist/web and served by the Duly server:
 * the back office at /app/ and the client portal at /portal/. Each page is its own entry
 * so the portal's first load carries nothing of the back office.
 */
export default defineConfig({
  root: resolve(import.meta.dirname),
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared'), '@locales': resolve(import.meta.dirname, '../src/platform/i18n/locales') } },
  build: {
    outDir: resolve(import.meta.dirname, '../dist/web'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        app: resolve(import.meta.dirname, 'app/index.html'),
        portal: resolve(import.meta.dirname, 'portal/index.html'),
      },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000', '/auth': 'http://127.0.0.1:3000', '/portal/api': 'http://127.0.0.1:3000' } },
});
