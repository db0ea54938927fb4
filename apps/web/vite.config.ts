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

/**
 * Ctrl-C is how a dev server is meant to stop: close it and exit 0. Vite handles only SIGTERM, so SIGINT
 * killed it and `pnpm dev` reported "Command failed" for a normal stop.
 */
function exitOnCtrlC(): Plugin {
  return {
    name: 'gatehouse:exit-on-ctrl-c',
    apply: 'serve',
    configureServer(server) {
      // `on`, not `once`: under `pnpm dev` one Ctrl-C arrives twice (turbo signals the task's process
      // group and pnpm passes it on), and the default action of the second would kill the process.
      let closing = false;
      process.on('SIGINT', () => {
        if (closing) return;
        closing = true;
        void server.close().finally(() => process.exit(0));
      });
    },
  };
}

export default defineConfig({
  plugins: [validateWebEnv(), forbidServerCode(), exitOnCtrlC(), react()],
  server: { port: 5173, strictPort: true },
  // `vite preview` answers index.html for unknown paths, so deep links and reloads work.
  preview: { port: 5173, strictPort: true },
  build: { sourcemap: true },
});
