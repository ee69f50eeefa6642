import { defineConfig } from 'vite';

/**
 * The web console build: Preact through esbuild's automatic JSX runtime (no Babel plugin),
 * served by the gateway under /console. Run as `vite build console` (the root is this folder). No inline script or style is emitted (the gateway's
 * CSP forbids them), and nothing is loaded from another origin.
 */
export default defineConfig({
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
