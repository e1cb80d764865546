// The desktop app's build (`npm start`): main process and preload from electron/, the renderer as in vite.config.ts.
// The preload is CommonJS: Electron runs a sandboxed preload only in that form.
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './vite.config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    build: { outDir: here('./out/main'), rollupOptions: { input: { index: here('./electron/main.ts') } } },
  },
  preload: {
    build: { outDir: here('./out/preload'), rollupOptions: { input: { index: here('./electron/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } } },
  },
  renderer: { ...rendererConfig, build: { ...rendererConfig.build, rollupOptions: { input: here('./renderer/index.html') } } },
});
