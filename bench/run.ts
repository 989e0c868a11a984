// `npm run bench`: every figure is printed next to a baseline measured in the same run,
// because absolute numbers on a shared two-core machine mean little. Never part of the tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { commitCeiling } from './commit.js'
import { httpBenchmarks } from './http.js'
import { table } from './lib.js'
import { claimBenchmarks, deliveryBenchmark, seedReminders } from './reminders.js'
import { evaluateTargets } from './targets.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
const CONNECTIONS = 32
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')

const dir = mkdtempSync(join(tmpdir(), 'debrief-bench-'))
try {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
  process.stdout.write(`Debrief benchmarks — ${machine}\n\n`)

  process.stdout.write(
    'Durable-commit ceiling: one-row transactions, WAL + synchronous=FULL, bare better-sqlite3…\n',
  )
  const commit = commitCeiling(dir, Math.max(2, Math.round(SECONDS / 2)))
  process.stdout.write(
    `${fmt(commit.commits, 0)} commits in ${fmt(commit.seconds, 2)} s = ${fmt(commit.perSecond, 0)} commits/s\n\n`,
  )

  process.stdout.write(`HTTP: ${CONNECTIONS} connections, ${SECONDS} s per endpoint after a warm-up…\n`)
  const http = await httpBenchmarks(join(dir, 'http'), { seconds: SECONDS, connections: CONNECTIONS })
  const httpTable = table(
    [
      'endpoint',
      'req/s',
      'hello-world beside it',
      'ratio to it',
      "rounds' ratios",
      'p50 ms',
      'p99 ms',
      'errors',
    ],
    http.results.map((r) => [
      r.name,
      r.reqPerSec,
      r.baseline ?? '',
      `${fmt((r.ratio ?? 1) * 100, 1)} %`,
      r.ratioRange ? `${fmt(r.ratioRange[0] * 100, 1)}–${fmt(r.ratioRange[1] * 100, 1)} %` : '',
      r.p50,
      r.p99,
      r.errors,
    ]),
  )
  process.stdout.write(`${httpTable}\n`)
  for (const r of http.results)
    if (r.commitShare !== undefined)
      process.stdout.write(
        `${r.name}: ${fmt(r.commitShare * 100, 1)} % of the durable-commit ceiling measured at the start of each round (median; ${fmt(r.commitCeiling ?? 0, 0)} commits/s in the median round)\n`,
      )
  process.stdout.write('\n')

  process.stdout.write('Reminder engine: claim of one batch (5 rows) among pending rows, 1,000 due…\n')
  // The million-row database also serves the delivery benchmark below, seeded once.
  const sizes = [
    seedReminders(dir, 10_000, 100, 1_000),
    seedReminders(dir, 100_000, 1_000, 1_000),
    seedReminders(dir, 1_000_000, 10_000, 1_000),
  ] as const
  const claims = claimBenchmarks(sizes)
  for (const seeded of sizes) if (seeded.rows < 1_000_000) seeded.remove()
  const base = claims[0]!.claimMedianMs
  const claimTable = table(
    ['pending rows', 'due', 'claim median ms', 'claim p95 ms', 'ratio to 10k', 'index used'],
    claims.map((c) => [
      c.rows.toLocaleString('en'),
      c.due,
      fmt(c.claimMedianMs, 3),
      fmt(c.claimP95Ms, 3),
      `${fmt(c.claimMedianMs / base, 2)}×`,
      c.usesIndex ? 'yes' : 'NO',
    ]),
  )
  process.stdout.write(`${claimTable}\nQuery plan at 1M rows: ${claims[2]!.plan}\n\n`)

  process.stdout.write('Delivering 1,000 due reminders (of 1,000,000) to a loopback SMTP sink…\n')
  const delivery = await deliveryBenchmark(sizes[2], 1_000)
  sizes[2].remove()
  process.stdout.write(
    `${fmt(delivery.messages, 0)} messages in ${fmt(delivery.seconds, 2)} s = ${fmt(delivery.perSecond, 0)} messages/s\n\n`,
  )

  process.stdout.write(
    `Process: cold start to first /healthz 200: ${fmt(http.coldStartMs, 0)} ms; RSS after the HTTP run: ${fmt(http.rssMb, 0)} MB\n`,
  )

  const targets = evaluateTargets(http, commit, claims, delivery)
  const targetTable = table(
    ['target', 'measured', 'result'],
    targets.map((t) => [t.target, t.measured, t.met ? 'met' : 'MISSED']),
  )
  process.stdout.write(`\nTargets:\n${targetTable}\n`)

  const results = {
    machine,
    date: new Date().toISOString(),
    seconds: SECONDS,
    connections: CONNECTIONS,
    commit,
    http,
    claims,
    delivery,
    targets,
  }
  mkdirSync('bench/results', { recursive: true })
  writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`)
  process.stdout.write('\nWritten to bench/results/latest.json\n')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
