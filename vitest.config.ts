import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Real SQLite files, sockets and a browser: two workers match the two cores we run on.
    maxWorkers: 2,
    // Vite exports BASE_URL="/" into the environment; child processes of the tests would read it
    // as Debrief's own BASE_URL. Empty means "unset" to our configuration loader.
    env: { BASE_URL: '' },
  },
})
