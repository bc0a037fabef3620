import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      lib: { entry: resolve(root, 'src-main/electron/main.ts') },
      externalizeDeps: true,
    },
  },
  preload: {
    build: {
      lib: { entry: resolve(root, 'src-preload/index.ts') },
      // A sandboxed preload must be CommonJS.
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    build: { rolldownOptions: { input: resolve(root, 'src-renderer/index.html') } },
    plugins: [react()],
  },
});
