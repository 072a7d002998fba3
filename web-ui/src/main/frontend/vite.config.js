import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// Maven passes MODELER_OUT_DIR (target/classes/static/modeler); a plain `npm run build` writes to dist/.
const outDir = process.env.MODELER_OUT_DIR || resolve(import.meta.dirname, 'dist');

export default defineConfig({
  base: './',
  logLevel: 'warn',
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        'bpmn-modeler': resolve(import.meta.dirname, 'src/bpmn-modeler.js'),
        'dmn-modeler': resolve(import.meta.dirname, 'src/dmn-modeler.js')
      },
      output: {
        // stable names: the Thymeleaf pages refer to them directly
        entryFileNames: '[name].js',
        chunkFileNames: '[name].js',
        assetFileNames: '[name][extname]'
      }
    }
  }
});
