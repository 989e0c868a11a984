import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Fastify from 'fastify'
import { SMTPServer } from 'smtp-server'
import { type Db, openDatabase } from '../src/db/connection.js'
import { repositories } from '../src/db/index.js'
import { migrate } from '../src/db/migrate.js'
import { CLAIM_CANDIDATES_SQL } from '../src/db/reminders.js'
import { createMailer } from '../src/mail/mailer.js'
import { buildDispatcher } from '../src/scheduler/build.js'

const HOUR = 3_600_000
const BATCH = 5 // the dispatcher's default batch size

export interface ClaimReport {
  rows: number
  due: number
  seedSeconds: number
  claimMedianMs: number
  claimP95Ms: number
  plan: string
  usesIndex: boolean
}

export interface DeliveryReport {
  messages: number
  seconds: number
  perSecond: number
}

/**
 * Seeds `rows` pending reminders (three per interview) over `users` users, of which `due` are
 * due now, straight into SQLite — the schedule as the engine would have written it.
 */
function seed(path: string, rows: number, users: number, due: number, now: number) {
  const db = openDatabase(path)
  migrate(db)
  // Seeding is not what is measured; durability can wait until it is done.
  db.pragma('synchronous = OFF')
  const insertUser = db.prepare(
    `INSERT INTO users (email, name, password_hash, time_zone, created_at, updated_at) VALUES (?, ?, 'x', 'Europe/Berlin', ?, ?)`,
  )
  const insertInterview = db.prepare(
    `INSERT INTO interviews (user_id, company, role, kind, starts_at, ends_at, time_zone, created_at, updated_at)
     VALUES (?, ?, 'Security Analyst', 'technical', ?, ?, 'Europe/Berlin', ?, ?)`,
  )
  const insertReminder = db.prepare(
    `INSERT INTO reminders (user_id, interview_id, kind, lead, due_at, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const kinds = [
    ['research', 0],
    ['deadline', 240],
    ['overdue', 0],
  ] as const
  db.transaction(() => {
    for (let u = 1; u <= users; u++) insertUser.run(`user${u}@example.com`, `User ${u}`, now, now)
    let made = 0
    for (let i = 0; made < rows; i++) {
      const userId = (i % users) + 1
      // The first interviews ended long enough ago that their first reminder is due; the rest lie ahead.
      const isDue = made < due * 3
      const endsAt = isDue ? now - 2 * HOUR : now + (1 + (i % 500)) * HOUR
      const interviewId = Number(
        insertInterview.run(userId, `Company ${i}`, endsAt - HOUR, endsAt, now, now).lastInsertRowid,
      )
      for (const [kind, lead] of kinds) {
        if (made >= rows) break
        const dueAt =
          kind === 'research'
            ? endsAt + HOUR
            : kind === 'deadline'
              ? endsAt + 24 * HOUR - lead * 60_000
              : endsAt + 24 * HOUR
        // Exactly `due` rows are due now: the research nudges of the first interviews. The rest
        // stay in the future for the minutes the claim and the delivery benchmarks take.
        const at = isDue && kind === 'research' ? now - 60_000 : Math.max(dueAt, now + 30 * 60_000)
        insertReminder.run(userId, interviewId, kind, lead, at, at, now, now)
        made++
      }
    }
  })()
  db.pragma('synchronous = FULL')
  return db
}

/** A seeded reminders database, shared by the claim and the delivery benchmark of one size. */
export interface SeededReminders {
  path: string
  rows: number
  seedSeconds: number
  now: number
  remove(): void
}

export function seedReminders(dir: string, rows: number, users: number, due: number): SeededReminders {
  const path = join(dir, `reminders-${rows}.sqlite`)
  const now = Date.now()
  const start = performance.now()
  seed(path, rows, users, due, now).close()
  return {
    path,
    rows,
    now,
    seedSeconds: (performance.now() - start) / 1000,
    remove: () => {
      for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true })
    },
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

/** Claims timed per size and round: rounds alternate the sizes, so a drift of the machine's speed meets all of them. */
const CLAIM_ROUNDS = 5
const CLAIMS_PER_ROUND = 40
const WARM_UP_CLAIMS = 20

/**
 * Times one claim of a batch (the UPDATE … RETURNING the dispatcher runs) at each seeded size,
 * rolled back so every repetition sees the same rows. The sizes take turns, round by round, as
 * the HTTP rows do with hello-world: timed one after the other, minutes apart, a size measured
 * while the machine was slow looked like a claim that grows with the table.
 */
export function claimBenchmarks(sizes: readonly SeededReminders[]): ClaimReport[] {
  const opened = sizes.map((seeded) => {
    const db = openDatabase(seeded.path)
    db.pragma('optimize')
    return { seeded, db, repos: repositories(db), timings: [] as number[] }
  })
  const claim = ({ seeded, db, repos }: (typeof opened)[number]) => {
    db.exec('BEGIN')
    const start = performance.now()
    const claimed = repos.reminders.handOffDue(seeded.now, BATCH).handed
    const elapsed = performance.now() - start
    db.exec('ROLLBACK')
    if (claimed.length !== BATCH) throw new Error(`hand-off returned ${claimed.length} rows`)
    return elapsed
  }
  try {
    for (const size of opened) for (let i = 0; i < WARM_UP_CLAIMS; i++) claim(size)
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const order = round % 2 === 0 ? opened : [...opened].reverse()
      for (const size of order) for (let i = 0; i < CLAIMS_PER_ROUND; i++) size.timings.push(claim(size))
    }
    return opened.map(({ seeded, db, timings }) => report(seeded, db, timings))
  } finally {
    for (const { db } of opened) db.close()
  }
}

function report(seeded: SeededReminders, db: Db, timings: number[]): ClaimReport {
  const { now, rows, seedSeconds } = seeded
  const dueCount = db
    .prepare(
      "SELECT count(*) FROM reminders WHERE state = 'pending' AND next_attempt_at <= ? AND due_at <= ?",
    )
    .pluck()
    .get(now, now) as number
  const sorted = [...timings].sort((a, b) => a - b)
  const plan = (
    db.prepare(`EXPLAIN QUERY PLAN ${CLAIM_CANDIDATES_SQL}`).all({ now, limit: BATCH }) as {
      detail: string
    }[]
  )
    .map((row) => row.detail)
    .join('; ')
  return {
    rows,
    due: dueCount,
    seedSeconds,
    claimMedianMs: percentile(sorted, 0.5),
    claimP95Ms: percentile(sorted, 0.95),
    plan,
    usesIndex: /USING INDEX reminders_claimable/.test(plan) && !/SCAN reminders(?! USING)/.test(plan),
  }
}

/**
 * Delivers the due reminders of a seeded database (the claim benchmark rolled back every claim
 * it made) to a loopback SMTP sink through the real dispatcher and mailer.
 */
export async function deliveryBenchmark(seeded: SeededReminders, due: number): Promise<DeliveryReport> {
  const db = openDatabase(seeded.path)
  let received = 0
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume()
      stream.on('end', () => {
        received++
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve))
  const port = (sink.server.address() as { port: number }).port
  const repos = repositories(db)
  const clock = { now: () => Date.now() }
  const mailer = createMailer({
    transport: `smtp://127.0.0.1:${port}`,
    mailbox: repos.mailbox,
    clock,
    from: 'Debrief <debrief@localhost>',
    baseUrl: 'http://127.0.0.1:3000',
    smtpTimeoutMs: 10_000,
    sendTimeoutMs: 30_000,
  })
  const dispatcher = buildDispatcher({
    repos,
    mailer,
    clock,
    log: Fastify({ logger: false }).log,
    baseUrl: 'http://127.0.0.1:3000',
    leaseMs: 120_000,
    // No push subscriptions in the benchmark: the keys are never used.
    vapid: { publicKey: '', privateKey: '', subject: 'mailto:bench@localhost' },
    policy: { allowPrivate: true },
  })
  const start = performance.now()
  let sent = 0
  for (let pass = 0; pass < 100 && sent < due; pass++) {
    const result = await dispatcher.runDuePass()
    sent += result.sent
    if (result.claimed === 0) break
  }
  const seconds = (performance.now() - start) / 1000
  mailer.close()
  await new Promise<void>((resolve) => sink.close(() => resolve()))
  db.close()
  if (received !== due) throw new Error(`the sink received ${received} messages, expected ${due}`)
  return { messages: sent, seconds, perSecond: sent / seconds }
}
