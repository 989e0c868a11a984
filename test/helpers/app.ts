import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { type AppOptions, buildApp } from '../../src/app.js'
import { type Config, loadConfig } from '../../src/config.js'
import { TestClock } from './clock.js'

export type TestApp = Awaited<ReturnType<typeof buildApp>>

export function tempDir(prefix = 'debrief-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SESSION_SECRET: 'x'.repeat(40), ...env })
}

/** The whole app on a real SQLite file in a fresh temporary directory. */
export async function createTestApp(
  options: { env?: Record<string, string>; clock?: TestClock; dataDir?: string } & Partial<
    Omit<AppOptions, 'config' | 'clock'>
  > = {},
) {
  const dataDir = options.dataDir ?? tempDir()
  const clock = options.clock ?? new TestClock()
  const { env, dataDir: _d, clock: _c, ...rest } = options
  // No cron task unless a test asks for one: passes are driven explicitly against the test clock.
  const app = await buildApp({
    config: testConfig(dataDir, env),
    clock,
    logger: false,
    scheduler: false,
    ...rest,
  })
  await app.ready()
  return {
    app,
    clock,
    dataDir,
    async close() {
      await app.close()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** What createTestApp gives a test: the app, its clock and data directory, and how to close it. */
export type TestContext = Awaited<ReturnType<typeof createTestApp>>

/** Closes, after each test, the app `current` reads from the suite's variable: for tests that each make their own. */
export function closeAfterEach(current: () => TestContext | undefined): void {
  afterEach(async () => current()?.close())
}

export type Cleanup = () => Promise<void> | void

/**
 * A list of steps that undo what a test started, run after each test last-added first: push an
 * app so it closes early, unshift what must outlive the apps (a mail peer, a shared directory).
 */
export function cleanupAfterEach(): Cleanup[] {
  const cleanups: Cleanup[] = []
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!()
  })
  return cleanups
}
