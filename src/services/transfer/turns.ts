import type { CheckSteps } from '../../domain/importCheck.js'

/** Lets queued requests and timers run before going on. */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Runs checking steps one per turn of the event loop, so a large file never holds the server. */
export async function runInTurns<T>(steps: CheckSteps<T>): Promise<T> {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await turn()
  }
}
