import { generateToken, hashToken } from '../src/auth/tokens.js'
import { type Db, openDatabase } from '../src/db/connection.js'
import { type Repositories, repositories } from '../src/db/index.js'
import { migrate } from '../src/db/migrate.js'
import { accountsService } from '../src/services/accounts/index.js'
import { interviewTimeline } from '../src/services/interviews/timeline.js'
import { seedInterview, seedInterviewer, seedQuestion } from '../test/helpers/seedRows.js'

export const PASSWORD = 'benchmark password'

export interface BenchAccount {
  email: string
  token: string
  interviews: number
  /** An interview in the middle of the account's history, for the interview page. */
  sampleInterviewId: number
}

const TOPICS = ['networking', 'crypto', 'linux', 'web', 'cloud', 'incident response', 'python', 'ad']
const CONFIDENCE = ['missed', 'shaky', 'nailed'] as const
const HOUR = 3_600_000

/**
 * `interviews` interviews with one interviewer and `questionsEach` questions each, spread
 * over past and coming weeks (80 % in the past), written through the repositories — what the
 * API would write, without waiting for one durable commit per row.
 */
function seedInterviews(
  db: Db,
  repos: Repositories,
  userId: number,
  interviews: number,
  questionsEach: number,
  now: number,
) {
  let sample = 0
  for (let i = 0; i < interviews; i++) {
    const end = now + (i - interviews * 0.8) * 3 * HOUR
    const interview = interviewTimeline(db, repos).create(
      userId,
      seedInterview({
        company: `Company ${i}`,
        role: 'Security Analyst',
        startsAt: end - HOUR,
        endsAt: end,
        timeZone: 'Europe/Berlin',
        outcome: 'pending',
      }),
      now,
    )
    if (i === Math.floor(interviews / 2)) sample = interview.id
    repos.interviewers.create(
      userId,
      interview.id,
      seedInterviewer(`Interviewer ${i}`, `i${i}@example.com`),
      now,
    )
    for (let q = 0; q < questionsEach; q++) {
      repos.questions.create(
        userId,
        interview.id,
        seedQuestion({
          text: `Question ${q} about ${TOPICS[q % TOPICS.length]} asked at company ${i}`,
          confidence: CONFIDENCE[q % 3]!,
          topics: [TOPICS[q % TOPICS.length]!],
        }),
        now,
      )
    }
  }
  return sample
}

/** Accounts (with an API token each) holding the given numbers of interviews, before the server starts. */
export async function seedAccounts(
  databasePath: string,
  sizes: number[],
  questionsEach: number,
): Promise<BenchAccount[]> {
  const db = openDatabase(databasePath)
  try {
    migrate(db)
    // Seeding is not what is measured; durability can wait until it is done.
    db.pragma('synchronous = OFF')
    const repos = repositories(db)
    const now = Date.now()
    const accountRules = accountsService({ db, repos, clock: { now: () => now } })
    const accounts: BenchAccount[] = []
    for (const [n, size] of sizes.entries()) {
      const email = `bench${n}-${size}@example.com`
      const created = await accountRules.create({
        name: `Bench User ${size}`,
        email,
        password: PASSWORD,
        timeZone: 'Europe/Berlin',
      })
      if (!created.ok) throw new Error(`bench account not created: ${created.message}`)
      const user = created.value
      const token = generateToken()
      repos.apiTokens.create(user.id, 'bench', hashToken(token), token.slice(0, 8), now)
      const sampleInterviewId = db.transaction(() =>
        seedInterviews(db, repos, user.id, size, questionsEach, now),
      )()
      accounts.push({ email, token, interviews: size, sampleInterviewId })
    }
    return accounts
  } finally {
    db.close()
  }
}
