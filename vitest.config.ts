import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: keep parallelism modest so PGlite instances and Chromium do not starve each other.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
