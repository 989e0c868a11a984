import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

/**
 * What `npm start` runs, split into node's options and the script, so process tests and the
 * benchmarks start servers exactly that way.
 */
export function startCommand(): { options: string[]; script: string } {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts
    .start
  const [command, ...args] = start.split(/\s+/)
  const script = args.pop()
  if (command !== 'node' || !script) throw new Error(`npm start is "${start}", not node [options] script`)
  return { options: args, script }
}

/** `npm start`'s arguments to node. */
export const startArguments = (): string[] => {
  const { options, script } = startCommand()
  return [...options, script]
}

/**
 * Debrief in its own process, started as `npm start` starts it, with `env` over this process's
 * environment; what it writes to stdout and stderr is gathered in `output()`.
 */
export function spawnServer(env: Record<string, string>) {
  const child = spawn(process.execPath, startArguments(), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return { child, output: () => output }
}

/** Resolves with the server's address once it logs that it listens (PORT 0 picks a free one). */
export function listening(server: { child: ChildProcess; output: () => string }): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${server.output()}`)), 20_000)
    // Registered after spawnServer's own listener, so output() already holds this chunk.
    server.child.stdout?.on('data', () => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
  })
}

/** Resolves with the exit code once the process has exited (at once when it already has). */
export const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })

/** SIGKILLs those of the processes still running, and forgets them all (for a test's afterEach). */
export function killRunning(children: Set<ChildProcess>) {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  children.clear()
}
