import { startCommand } from '../test/helpers/startCommand.js'
import { commitCeiling } from './commit.js'
import { type LoadResult, load, rssMb, type Server, startServer } from './lib.js'
import { type BenchAccount, PASSWORD, seedAccounts } from './seed.js'

// The bundle `npm start` runs (npm run bench builds first).
const SERVER = startCommand().script
const QUESTIONS_EACH = 10
/** Alternating rounds of hello-world (1 s) and the endpoint per row; the endpoint's seconds are split among them. */
const ROUNDS = 4

type Measure = (seconds: number, warmUpSeconds: number) => Promise<LoadResult>

/** The middle item of a sorted list (the lower of the middle two). */
const middle = <T>(sorted: T[]): T | undefined => sorted[Math.floor((sorted.length - 1) / 2)]

/** The median (the lower of the middle two). */
export function median(values: number[]): number {
  return middle([...values].sort((a, b) => a - b)) ?? Number.NaN
}

/** The round whose ratio to its hello-world run is the median (the lower of the middle two), with every round's errors. */
export function medianRound(rounds: LoadResult[]): LoadResult {
  const sorted = [...rounds].sort((a, b) => (a.ratio ?? 0) - (b.ratio ?? 0))
  return {
    ...middle(sorted)!,
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    ratioRange: [sorted[0]!.ratio ?? 0, sorted.at(-1)!.ratio ?? 0],
  }
}

/**
 * Logs in through the real form and returns the Cookie header a browser sends from then on:
 * the session cookie and the CSRF cookie the first page with a form sets (without it every
 * page would mint and sign a new CSRF secret, which no browser makes it do).
 */
export async function login(server: Server, email: string): Promise<string> {
  const page = await fetch(`${server.url}/login`)
  const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0]!
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  const response = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD, _csrf: csrf }).toString(),
  })
  if (response.status !== 302) throw new Error(`login failed: ${response.status}`)
  const session = (response.headers.getSetCookie()[0] ?? '').split(';')[0]!
  const home = await fetch(`${server.url}/`, { headers: { cookie: session } })
  await home.text()
  return [session, ...home.headers.getSetCookie().map((c) => c.split(';')[0]!)].join('; ')
}

export interface HttpReport {
  results: LoadResult[]
  /**
   * What a request costs at 2,000 interviews over what it costs at 200 (create: over an empty
   * account), each the median over rounds that ran both, seconds apart.
   */
  history: { dashboard: number; list: number; create: number }
  coldStartMs: number
  rssMb: number
}

/** Row names, also used by the targets. */
export const ROW = {
  hello: 'hello-world (ceiling)',
  dashboard200: 'dashboard (GET /), 200 interviews',
  dashboard2000: 'dashboard (GET /), 2,000 interviews',
  interviewPage: 'interview page',
  list200: 'GET /api/v1/interviews, 200 interviews',
  list2000: 'GET /api/v1/interviews, 2,000 interviews',
  feed: 'ICS feed (200 interviews)',
  login: 'GET /login (anonymous)',
  asset: 'static asset (GET /public/css/app.css)',
  unauthorized: 'API 401 floor (GET /api/v1/me, no token)',
  createEmpty: 'POST /api/v1/interviews, empty account',
  create2000: 'POST /api/v1/interviews, 2,000 interviews',
} as const

export async function httpBenchmarks(
  dataDir: string,
  options: { seconds: number; connections: number },
): Promise<HttpReport> {
  const { seconds, connections } = options
  // The ceiling keeps running. Each row alternates short runs of hello-world and of its endpoint
  // and reports the round whose ratio is the median: this machine's speed drifts by tens of
  // percent within a minute, and one baseline taken before a row carried that drift into its ratio.
  const hello = await startServer('bench/servers/hello.mjs', {})
  const ceiling = await load(ROW.hello, { url: `${hello.url}/` }, seconds, connections)
  const roundSeconds = Math.max(1, Math.round(seconds / ROUNDS))
  /**
   * One row per measure, from rounds that each start with 1 s of hello-world. Two measures (the
   * same endpoint for a small and a large account) run in the same rounds, in turn first, and
   * also give the median over rounds of the second's cost over the first's: rates taken seconds
   * apart, so no baseline stands between them.
   */
  const inRounds = async (measures: Measure[], options: { commitCeiling?: boolean } = {}) => {
    for (const measure of measures) await measure(Math.max(1, Math.round(seconds / 8)), 0)
    const rounds: LoadResult[][] = measures.map(() => [])
    const costRatios: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const baseline = (await load(ROW.hello, { url: `${hello.url}/` }, 1, connections, 0)).reqPerSec
      // Write rows: the disk's rate drifts as the CPU's does, so each round measures it afresh.
      const ceiling = options.commitCeiling ? commitCeiling(dataDir, 1).perSecond : undefined
      const order = measures.map((_, n) => (round % 2 === 0 ? n : measures.length - 1 - n))
      const rates: number[] = []
      for (const n of order) {
        const result = await measures[n]!(roundSeconds, 0)
        rounds[n]!.push({
          ...result,
          baseline,
          ratio: result.reqPerSec / baseline,
          ...(ceiling ? { commitCeiling: ceiling, commitShare: result.reqPerSec / ceiling } : {}),
        })
        rates[n] = result.reqPerSec
      }
      if (rates.length === 2) costRatios.push(rates[0]! / Math.max(rates[1]!, 1e-9))
    }
    const rows = rounds.map((measured) => {
      const row = medianRound(measured)
      return options.commitCeiling
        ? { ...row, commitShare: median(measured.map((r) => r.commitShare ?? 0)) }
        : row
    })
    return { rows, costRatio: median(costRatios) }
  }
  const paired = async (measure: Measure) => (await inRounds([measure])).rows[0]!

  // An empty account for the create row's warm-up and each of its rounds, so that each round
  // starts at none: a round adds a thousand interviews or more.
  const [small, large, ...empties] = (await seedAccounts(
    `${dataDir}/debrief.sqlite`,
    [200, 2000, ...Array.from({ length: ROUNDS + 1 }, () => 0)],
    QUESTIONS_EACH,
  )) as [BenchAccount, BenchAccount, ...BenchAccount[]]
  const coldStartMs = await timeToHealthy()
  // TRUST_PROXY lets the feed scenario present many client addresses to the per-client rate limit.
  const server = await startServer(SERVER, { DATA_DIR: dataDir, TRUST_PROXY: 'true' })
  try {
    const cookie = await login(server, small.email)
    const largeCookie = await login(server, large.email)
    const feed = await calendarFeedPath(server, cookie)
    const bearer = (account: BenchAccount) => ({ authorization: `Bearer ${account.token}` })
    const getting =
      (name: string, path: string, headers: Record<string, string> = {}, expectStatus?: number): Measure =>
      (time, warmUp) =>
        load(name, { url: `${server.url}${path}`, headers, expectStatus }, time, connections, warmUp)
    const get = (...args: Parameters<typeof getting>) => paired(getting(...args))

    const results: LoadResult[] = [{ ...ceiling, baseline: ceiling.reqPerSec, ratio: 1 }]
    const dashboards = await inRounds([
      getting(ROW.dashboard200, '/', { cookie }),
      getting(ROW.dashboard2000, '/', { cookie: largeCookie }),
    ])
    results.push(...dashboards.rows)
    results.push(await get(ROW.interviewPage, `/interviews/${small.sampleInterviewId}`, { cookie }))
    const lists = await inRounds([
      getting(ROW.list200, '/api/v1/interviews', bearer(small)),
      getting(ROW.list2000, '/api/v1/interviews', bearer(large)),
    ])
    results.push(...lists.rows)
    if (feed)
      results.push(
        await paired((time, warmUp) =>
          load(ROW.feed, { url: `${server.url}${feed}`, manyClients: true }, time, connections, warmUp),
        ),
      )
    results.push(await get(ROW.login, '/login'))
    results.push(await get(ROW.asset, '/public/css/app.css'))
    results.push(await get(ROW.unauthorized, '/api/v1/me', {}, 401))
    // Last: every request adds an interview, which would change what the others measure.
    const body = JSON.stringify({
      company: 'Load Test Inc',
      role: 'Analyst',
      kind: 'phone_screen',
      startsAt: '2030-01-10T09:00',
      endsAt: '2030-01-10T09:45',
      timeZone: 'Europe/Berlin',
    })
    const creating = (name: string, accounts: BenchAccount[]): Measure => {
      let calls = 0
      return (time, warmUp) =>
        load(
          name,
          {
            url: `${server.url}/api/v1/interviews`,
            method: 'POST',
            headers: { ...bearer(accounts[calls++ % accounts.length]!), 'content-type': 'application/json' },
            body,
          },
          time,
          connections,
          warmUp,
        )
    }
    const creates = await inRounds([creating(ROW.createEmpty, empties), creating(ROW.create2000, [large])], {
      commitCeiling: true,
    })
    results.push(...creates.rows)
    const history = { dashboard: dashboards.costRatio, list: lists.costRatio, create: creates.costRatio }
    return { results, history, coldStartMs, rssMb: rssMb(server.child.pid!) }
  } finally {
    await server.stop()
    await hello.stop()
  }

  /** Cold start: a fresh process on the seeded (and migrated) database until /healthz answers 200. */
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
  // The CSRF secret travels in its own signed cookie, set by the page that rendered the form.
  const csrfCookies = page.headers.getSetCookie().map((c) => c.split(';')[0])
  const created = await fetch(`${server.url}/settings/calendar/rotate`, {
    method: 'POST',
    headers: {
      cookie: [cookie, ...csrfCookies].join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
  })
  return /(\/calendar\/[A-Za-z0-9_-]+\.ics)/.exec(await created.text())?.[1]
}
