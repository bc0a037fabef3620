// The renderer built alone, for the browser mode (`cli serve`, `cli demo`) and browser tests.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  root: resolve(root, 'src-renderer'),
  base: './',
  plugins: [react()],
  build: { outDir: resolve(root, 'out/web'), emptyOutDir: true },
});
