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
  build: {
    outDir: 'dist',
    sourcemap: true,
    rollupOptions: {
      output: {
        // pdf.js's worker comes as .mjs, a type nginx's mime.types does not know: served as
        // application/octet-stream, the browser refuses it as a module worker. As .js it is
        // text/javascript from nginx and the embedded server alike.
        assetFileNames: ({ names }) =>
          names.some((name) => name.endsWith('.mjs'))
            ? 'assets/[name]-[hash].js'
            : 'assets/[name]-[hash][extname]',
      },
    },
  },
});
