import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { precompress } from './scripts/precompress.js'

const root = fileURLToPath(new URL('.', import.meta.url))
const hub = 'http://127.0.0.1:8080'

export default defineConfig({
  root,
  base: '/',
  // Vite 8 transforms TS/JSX with Oxc; this replaces @preact/preset-vite for our needs (no HMR prefresh).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // .br and .gz beside each page, script and style: the hub sends them as they are (no CPU per request).
  plugins: [precompress()],
  build: {
    outDir: '../dist/kiosk',
    emptyOutDir: true,
    // One entry per page of the multi-page app: the kiosk, the manager console, the district page.
    rolldownOptions: {
      input: {
        kiosk: fileURLToPath(new URL('index.html', import.meta.url)),
        manage: fileURLToPath(new URL('manage.html', import.meta.url)),
        district: fileURLToPath(new URL('district.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: {
      '/api': hub,
      '/socket.io': { target: hub, ws: true },
    },
  },
})
