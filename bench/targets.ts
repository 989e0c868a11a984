import type { CommitReport } from './commit.js'
import { type HttpReport, ROW } from './http.js'
import type { ClaimReport, DeliveryReport } from './reminders.js'

export interface Target {
  target: string
  measured: string
  met: boolean
}

const pct = (n: number) => `${(n * 100).toFixed(1)} %`
const times = (n: number) => `${n.toFixed(2)}×`

/** Every target we hold the benchmark to, evaluated on one run's figures. */
export function evaluateTargets(
  http: HttpReport,
  commit: CommitReport,
  claims: ClaimReport[],
  delivery: DeliveryReport,
): Target[] {
  const row = (name: string) => http.results.find((r) => r.name === name)
  const targets: Target[] = []
  const ratioAtLeast = (name: string, share: number, label: string) => {
    const r = row(name)
    if (!r)
      return targets.push({
        target: `${label} ≥ ${pct(share)} of hello-world`,
        measured: 'not run',
        met: false,
      })
    targets.push({
      target: `${label} ≥ ${pct(share)} of hello-world`,
      measured: pct(r.ratio ?? 0),
      met: (r.ratio ?? 0) >= share,
    })
  }
  // Measured in shared rounds (http.ts): each factor is the median over rounds of the small
  // account's rate over the large one's, i.e. how much more a request costs at 2,000 interviews.
  const scales = (factor: number, label: string) => {
    const measured = Number.isFinite(factor) && factor > 0
    targets.push({
      target: `${label} ≤ 1.25×`,
      measured: measured ? times(factor) : 'not measured',
      met: measured && factor <= 1.25,
    })
  }

  const dashboard = row(ROW.dashboard200)
  targets.push({
    target: 'dashboard (200) ≥ 15.0 % of hello-world with p99 < 25 ms',
    measured: dashboard ? `${pct(dashboard.ratio ?? 0)}, p99 ${dashboard.p99} ms` : 'not run',
    met: !!dashboard && (dashboard.ratio ?? 0) >= 0.15 && dashboard.p99 < 25,
  })
  ratioAtLeast(ROW.interviewPage, 0.2, 'interview page')
  ratioAtLeast(ROW.list200, 0.2, 'GET /api/v1/interviews (200)')
  scales(http.history.dashboard, 'dashboard cost at 2,000 interviews / at 200')
  scales(http.history.list, 'GET /api/v1/interviews cost at 2,000 / at 200')
  scales(http.history.create, 'POST /api/v1/interviews cost at 2,000 / empty account')
  const create = row(ROW.createEmpty)
  const ceiling = create?.commitCeiling ?? commit.perSecond
  // The median over rounds of each round's share of the ceiling measured at its start.
  const createShare = create?.commitShare ?? 0
  targets.push({
    target: 'POST /api/v1/interviews ≥ 25.0 % of the durable-commit ceiling',
    measured: `${pct(createShare)} (median round: ${create?.reqPerSec ?? 0} of ${Math.round(ceiling)}/s)`,
    met: createShare >= 0.25,
  })
  ratioAtLeast(ROW.unauthorized, 0.4, 'API 401 floor')
  ratioAtLeast(ROW.asset, 0.4, 'static asset')
  ratioAtLeast(ROW.login, 0.2, 'anonymous GET /login')

  const worstClaim = Math.max(...claims.map((c) => c.claimMedianMs))
  const worstP95 = Math.max(...claims.map((c) => c.claimP95Ms))
  targets.push({
    target: 'claim median < 5 ms at every size',
    measured: `${worstClaim.toFixed(3)} ms (p95 up to ${worstP95.toFixed(3)} ms)`,
    met: worstClaim < 5,
  })
  const first = claims[0]
  const last = claims[claims.length - 1]
  const growth = first && last ? last.claimMedianMs / first.claimMedianMs : Number.POSITIVE_INFINITY
  targets.push({
    target: 'claim flat from 10k to 1M rows (median ≤ 1.5×, index used)',
    measured: times(growth),
    met: growth <= 1.5 && claims.every((c) => c.usesIndex),
  })
  targets.push({
    target: '1,000 reminders to loopback SMTP < 5 s',
    measured: `${delivery.seconds.toFixed(2)} s`,
    met: delivery.messages >= 1000 && delivery.seconds < 5,
  })
  targets.push({
    target: 'cold start < 1 s',
    measured: `${Math.round(http.coldStartMs)} ms`,
    met: http.coldStartMs < 1000,
  })
  targets.push({ target: 'RSS < 150 MB', measured: `${Math.round(http.rssMb)} MB`, met: http.rssMb < 150 })
  return targets
}
