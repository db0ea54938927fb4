import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
// Explicit .ts extensions: Vite's upcoming native config loader needs them.
import { parseWebEnv } from './src/config-schema.ts';
import { forbidServerCode } from './vite-plugins/forbid-server-code.ts';

/** Fails the build (or dev server start) with a readable message when a VITE_* value is invalid. */
function validateWebEnv(): Plugin {
  return {
    name: 'gatehouse:validate-web-env',
    configResolved(config) {
      parseWebEnv(config.env);
    },
  };
}

export default defineConfig({
  plugins: [validateWebEnv(), forbidServerCode(), react()],
  server: { port: 5173, strictPort: true },
  // `vite preview` answers index.html for unknown paths, so deep links and reloads work.
  preview: { port: 5173, strictPort: true },
  build: { sourcemap: true },
});
