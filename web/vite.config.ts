import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the SPA runs on Vite's server and reaches the API through this proxy,
// so the browser sees one origin, as it does behind nginx and in the embedded mode.
export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': process.env.DOCKET_API_URL ?? 'http://127.0.0.1:3000' },
  },
  build: { outDir: 'dist', sourcemap: true },
});
