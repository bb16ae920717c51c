import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The lab is a static site: everything (Monaco's workers, fonts, the machine worker)
// is bundled, so it runs with no network access at all.
export default defineConfig({
  plugins: [react()],
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000, sourcemap: false },
  server: { strictPort: true },
});
