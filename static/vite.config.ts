// Build settings: the UI is emitted into dist/, which nginx serves as root.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Keep every asset a file: the CSP (default-src 'self') refuses data:
    // URLs that inlining small assets would produce.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
