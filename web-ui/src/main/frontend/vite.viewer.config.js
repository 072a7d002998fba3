import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// The operations console's read-only diagram, built on its own after the modelers: sharing chunks with them would
// move their CSS into a shared file that the modeler pages do not link.
const outDir = process.env.MODELER_OUT_DIR || resolve(import.meta.dirname, 'dist');

export default defineConfig({
  base: './',
  logLevel: 'warn',
  build: {
    outDir,
    emptyOutDir: false,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        'instance-viewer': resolve(import.meta.dirname, 'src/instance-viewer.js')
      },
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'instance-viewer-[name].js',
        assetFileNames: '[name][extname]'
      }
    }
  }
});
