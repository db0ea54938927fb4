import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { forbidServerCode } from './vite-plugins/forbid-server-code';

export default defineConfig({
  plugins: [forbidServerCode(), react()],
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
  build: { sourcemap: true },
});
