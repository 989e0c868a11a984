import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import autocannon from 'autocannon'
import { startCommand } from '../test/helpers/startCommand.js'

export interface Server {
  url: string
  child: ChildProcess
  startMs: number
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * Starts a server script in its own process (logging only warnings, as request logs would
 * dominate the measurement) and resolves once `readyPath` answers 200.
 */
export async function startServer(
  script: string,
  env: Record<string, string>,
  readyPath = '/healthz',
): Promise<Server> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const started = performance.now()
  // The options of `npm start` (e.g. --optimize-for-size), so every server here starts the same way.
  const { options } = startCommand()
  const args = [...options, ...(script.endsWith('.ts') ? ['--import', 'tsx', script] : [script])]
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  let exited = false
  child.once('exit', () => {
    exited = true
  })
  for (let i = 0; i < 3000 && !exited; i++) {
    const response = await fetch(`${url}${readyPath}`).catch(() => undefined)
    if (response?.status === 200) {
      return {
        url,
        child,
        startMs: performance.now() - started,
        stop: () =>
          new Promise((done) => {
            if (exited) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  child.kill('SIGKILL')
  throw new Error(`${script} did not answer ${readyPath} within 30 s`)
}

/** Resident set size of a process, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

export interface LoadResult {
  name: string
  reqPerSec: number
  p50: number
  p99: number
  errors: number
  /** req/s of the hello-world run of this row's median round (just before it), and this row's share of it. */
  baseline?: number
  ratio?: number
  /** The lowest and highest ratio among the row's rounds: how much the machine moved meanwhile. */
  ratioRange?: [number, number]
  /** For a write row: the durable-commit ceiling measured just before it in its median round, in commits/s. */
  commitCeiling?: number
  /** For a write row: the median over rounds of its rate over the ceiling measured at the start of the round. */
  commitShare?: number
}

export async function load(
  name: string,
  options: {
    url: string
    method?: 'GET' | 'POST'
    headers?: Record<string, string>
    body?: string
    /** Each request from another client address (X-Forwarded-For), as many calendar apps behind a proxy. */
    manyClients?: boolean
    /** The status every response must have (default: any 2xx). */
    expectStatus?: number
  },
  seconds: number,
  connections: number,
  /** 0 when the caller has warmed the endpoint up already. */
  warmUpSeconds = Math.max(1, Math.round(seconds / 4)),
): Promise<LoadResult> {
  let client = 0
  const run = (duration: number) =>
    autocannon({
      url: options.url,
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      connections,
      duration,
      ...(options.manyClients
        ? {
            requests: [
              {
                setupRequest: (request: autocannon.Request) => {
                  client++
                  const forwardedFor = `127.1.${(client >> 8) & 255}.${client & 255}`
                  return { ...request, headers: { ...request.headers, 'x-forwarded-for': forwardedFor } }
                },
              },
            ],
          }
        : {}),
    })
  if (warmUpSeconds > 0) await run(warmUpSeconds) // JIT, statement caches, template cache
  const result = await run(seconds)
  const wrongStatus =
    options.expectStatus === undefined
      ? result.non2xx
      : result.requests.total - (result.statusCodeStats?.[`${options.expectStatus}`]?.count ?? 0)
  return {
    name,
    // Completed requests over the measured time: unlike the mean of per-second samples, this
    // stays meaningful for short runs (BENCH_SECONDS=1) and slow endpoints.
    reqPerSec: Math.round(result.requests.total / Math.max(result.duration, 0.001)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + Math.max(0, wrongStatus),
  }
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)))
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((c, i) => String(c).padEnd(widths[i]!)).join(' | ')} |`
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}
