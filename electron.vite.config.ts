// The desktop app's build (`npm start`): main process and preload from electron/, the renderer as in vite.config.ts.
// The preload is CommonJS: Electron runs a sandboxed preload only in that form.
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './vite.config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// WATCHPOST_OUT_DIR moves the output (the build test writes to a temporary folder, not over out/).
const out = (name: string) => (process.env.WATCHPOST_OUT_DIR ? `${process.env.WATCHPOST_OUT_DIR}/${name}` : here(`./out/${name}`));

export default defineConfig({
  main: {
    build: { outDir: out('main'), rollupOptions: { input: { index: here('./electron/main.ts') } } },
  },
  preload: {
    build: { outDir: out('preload'), rollupOptions: { input: { index: here('./electron/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } } },
  },
  renderer: { ...rendererConfig, build: { ...rendererConfig.build, outDir: out('renderer'), minify: true, rollupOptions: { input: here('./renderer/index.html') } } },
});
