// The renderer's build (browser mode serves out/renderer; electron.vite.config.ts reuses this for the desktop app).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export const rendererConfig = {
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
};

export default defineConfig(rendererConfig);
