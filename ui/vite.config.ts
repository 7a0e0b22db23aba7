import { defineConfig } from "vitest/config";

export default defineConfig({
  // Tauri serves the built files from its own protocol; relative paths keep them portable.
  base: "./",
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The CSP forbids inline scripts: never inline the module preload helper.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    globals: true,
  },
});
