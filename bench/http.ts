import { createAccount } from '../src/auth/accounts.js'
import { generateToken, hashToken } from '../src/auth/tokens.js'
import { openDatabase } from '../src/db/connection.js'
import { repositories } from '../src/db/index.js'
import { migrate } from '../src/db/migrate.js'
import { startCommand } from '../test/helpers/startCommand.js'
import { type LoadResult, load, rssMb, type Server, startServer } from './lib.js'

// The bundle `npm start` runs (npm run bench builds first).
const SERVER = startCommand().script
const PASSWORD = 'benchmark password'
const EMAIL = 'bench@example.com'

/** Creates the account and an API token directly in the database, before the server starts. */
export async function seedAccount(databasePath: string): Promise<string> {
  const db = openDatabase(databasePath)
  try {
    migrate(db)
    const repos = repositories(db)
    const user = await createAccount(
      repos,
      { name: 'Bench User', email: EMAIL, password: PASSWORD, timeZone: 'Europe/Berlin' },
      Date.now(),
    )
    const token = generateToken()
    repos.apiTokens.create(user.id, 'bench', hashToken(token), token.slice(0, 8), Date.now())
    return token
  } finally {
    db.close()
  }
}

async function api(server: Server, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return response.json() as Promise<Record<string, unknown>>
}

const TOPICS = ['networking', 'crypto', 'linux', 'web', 'cloud', 'incident response', 'python', 'ad']
const CONFIDENCE = ['missed', 'shaky', 'nailed'] as const

/** 200 interviews with 10 questions each, through the public API, spread over the last and next weeks. */
export async function seedInterviews(
  server: Server,
  token: string,
  interviews: number,
  questionsEach: number,
) {
  const now = Date.now()
  let firstId = 0
  for (let i = 0; i < interviews; i++) {
    const end = now + (i - interviews * 0.8) * 3 * 3600_000
    const interview = await api(server, token, 'POST', '/api/v1/interviews', {
      company: `Company ${i}`,
      role: 'Security Analyst',
      kind: 'technical',
      startsAt: new Date(end - 3600_000).toISOString(),
      endsAt: new Date(end).toISOString(),
      timeZone: 'Europe/Berlin',
    })
    const id = Number(interview.id)
    if (i === 0) firstId = id
    await api(server, token, 'POST', `/api/v1/interviews/${id}/interviewers`, {
      name: `Interviewer ${i}`,
      email: `i${i}@example.com`,
    })
    for (let q = 0; q < questionsEach; q++) {
      await api(server, token, 'POST', `/api/v1/interviews/${id}/questions`, {
        text: `Question ${q} about ${TOPICS[q % TOPICS.length]} asked at company ${i}`,
        confidence: CONFIDENCE[q % 3],
        topics: [TOPICS[q % TOPICS.length]],
      })
    }
  }
  return firstId
}

/** Logs in through the real form and returns the session cookie header. */
export async function login(server: Server): Promise<string> {
  const page = await fetch(`${server.url}/login`)
  const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0]!
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  const response = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: EMAIL, password: PASSWORD, _csrf: csrf }).toString(),
  })
  if (response.status !== 302) throw new Error(`login failed: ${response.status}`)
  return (response.headers.getSetCookie()[0] ?? '').split(';')[0]!
}

export interface HttpReport {
  results: LoadResult[]
  coldStartMs: number
  rssMb: number
}

export async function httpBenchmarks(
  dataDir: string,
  options: { seconds: number; connections: number },
): Promise<HttpReport> {
  const { seconds, connections } = options
  const hello = await startServer('bench/servers/hello.mjs', {})
  const ceiling = await load('hello-world (ceiling)', { url: `${hello.url}/` }, seconds, connections)
  await hello.stop()

  const token = await seedAccount(`${dataDir}/debrief.sqlite`)
  // TRUST_PROXY lets the feed scenario present many client addresses to the per-client rate limit.
  const server = await startServer(SERVER, { DATA_DIR: dataDir, TRUST_PROXY: 'true' })
  try {
    const coldStartMs = await timeToHealthy()
    const interviewId = await seedInterviews(server, token, 200, 10)
    const cookie = await login(server)
    const feed = await calendarFeedPath(server, cookie)
    const auth = { authorization: `Bearer ${token}` }

    const results: LoadResult[] = [ceiling]
    results.push(
      await load('dashboard (GET /)', { url: `${server.url}/`, headers: { cookie } }, seconds, connections),
    )
    results.push(
      await load(
        'interview page',
        { url: `${server.url}/interviews/${interviewId}`, headers: { cookie } },
        seconds,
        connections,
      ),
    )
    results.push(
      await load(
        'GET /api/v1/interviews',
        { url: `${server.url}/api/v1/interviews`, headers: auth },
        seconds,
        connections,
      ),
    )
    if (feed)
      results.push(
        await load(
          'ICS feed (200 interviews)',
          { url: `${server.url}${feed}`, manyClients: true },
          seconds,
          connections,
        ),
      )
    // Last: every request adds an interview, which would change what the others measure.
    const body = JSON.stringify({
      company: 'Load Test Inc',
      role: 'Analyst',
      kind: 'phone_screen',
      startsAt: '2030-01-10T09:00',
      endsAt: '2030-01-10T09:45',
      timeZone: 'Europe/Berlin',
    })
    results.push(
      await load(
        'POST /api/v1/interviews',
        {
          url: `${server.url}/api/v1/interviews`,
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body,
        },
        seconds,
        connections,
      ),
    )
    for (const result of results) result.ratio = result.reqPerSec / ceiling.reqPerSec
    return { results, coldStartMs, rssMb: rssMb(server.child.pid!) }
  } finally {
    await server.stop()
  }

  /** Cold start: a fresh process on the seeded database until /healthz answers 200. */
  async function timeToHealthy(): Promise<number> {
    const probe = await startServer(SERVER, { DATA_DIR: dataDir })
    await probe.stop()
    return probe.startMs
  }
}

/** Creates the user's calendar subscription through the settings page and returns its path. */
async function calendarFeedPath(server: Server, cookie: string): Promise<string | undefined> {
  const page = await fetch(`${server.url}/settings/calendar`, { headers: { cookie } })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1]
  if (!page.ok || !csrf) return undefined
  const created = await fetch(`${server.url}/settings/calendar/rotate`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
  })
  return /(\/calendar\/[A-Za-z0-9_-]+\.ics)/.exec(await created.text())?.[1]
}
