import { beforeEach, describe, expect, it } from 'vitest'
import { repositories } from '../../src/db/index.js'
import { type AccessContext, coachAccess, ownerAccess, READ_ONLY_MESSAGE } from '../../src/services/access.js'
import { askQuestionService } from '../../src/services/askQuestions.js'
import { calendarService } from '../../src/services/calendar.js'
import type { StoreDeps } from '../../src/services/deps.js'
import { insightsService } from '../../src/services/insights.js'
import { interviewerService } from '../../src/services/interviews/interviewers.js'
import { interviewService } from '../../src/services/interviews/interviews.js'
import { questionService } from '../../src/services/interviews/questions.js'
import { INTERVIEW_NOT_FOUND } from '../../src/services/messages.js'
import { researchService } from '../../src/services/research.js'
import type { ServiceResult } from '../../src/services/result.js'
import { testConfig } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import { migratedDatabaseEach } from '../helpers/oldDatabase.js'
import { totalChanges as changes } from '../helpers/serviceAccess.js'

const H = 3_600_000

// The interview, research, questions-to-ask, calendar and insights services; the drafts, accounts
// and export/import services are covered by services-access-accounts.test.ts.
const BUILDERS = {
  interviews: interviewService,
  interviewers: interviewerService,
  questions: questionService,
  research: researchService,
  askQuestions: askQuestionService,
  calendar: calendarService,
  insights: insightsService,
}
type Services = { [N in keyof typeof BUILDERS]: ReturnType<(typeof BUILDERS)[N]> }
/** Each of those services, built on the same store as the app builds it. */
const interviewServices = (deps: StoreDeps) =>
  Object.fromEntries(Object.entries(BUILDERS).map(([name, build]) => [name, build(deps)])) as Services

/** The ids of one candidate's debrief, one row of each kind a service can be asked about. */
interface Debrief {
  interviewId: number
  interviewerId: number
  questionId: number
  askQuestionId: number
  askedId: number
}

type Call = (s: Services, access: AccessContext, d: Debrief) => unknown

type ById = (access: AccessContext, id: number) => unknown

/** Calls, by service and method, of methods that take an access context and one id of the debrief. */
function readsById(ids: { [N in keyof Services]: { [M in keyof Services[N]]?: keyof Debrief } }) {
  const calls = (name: string, byMethod: Record<string, keyof Debrief>) =>
    Object.fromEntries(
      Object.entries(byMethod).map(([method, id]): [string, Call] => [
        method,
        // The table names only methods taking (access, id); a wrong one fails the tests that call it.
        (s, a, d) => (s[name as keyof Services] as unknown as Record<string, ById>)[method]!(a, d[id]),
      ]),
    )
  return Object.fromEntries(Object.entries(ids).map(([name, byMethod]) => [name, calls(name, byMethod)]))
}

/**
 * Every write method of these services, called with valid input. A write that a read-only
 * actor could make would change rows, so each must be refused before it reads anything.
 */
const WRITES: Record<string, Record<string, Call>> = {
  interviews: {
    create: (s, a) =>
      s.interviews.create(a, {
        company: 'Coach Co',
        role: 'R',
        kind: 'technical',
        startsAt: '2026-03-03T10:00',
        endsAt: '2026-03-03T11:00',
        timeZone: 'UTC',
      }),
    update: (s, a, d) =>
      s.interviews.update(a, d.interviewId, {
        company: 'Renamed',
        role: 'R',
        kind: 'panel',
        startsAt: '2026-03-03T10:00',
        durationMinutes: 30,
        timeZone: 'UTC',
      }),
    patch: (s, a, d) => s.interviews.patch(a, d.interviewId, { company: 'Patched' }, 'done'),
    setFollowUpState: (s, a, d) => s.interviews.setFollowUpState(a, d.interviewId, 'not_needed'),
    remove: (s, a, d) => s.interviews.remove(a, d.interviewId),
  },
  interviewers: {
    create: (s, a, d) => s.interviewers.create(a, d.interviewId, { name: 'Someone' }),
    update: (s, a, d) => s.interviewers.update(a, d.interviewerId, { title: 'Director' }),
    remove: (s, a, d) => s.interviewers.remove(a, d.interviewerId),
    markSent: (s, a, d) => s.interviewers.markSent(a, d.interviewerId, 'thankYou', true),
  },
  questions: {
    create: (s, a, d) => s.questions.create(a, d.interviewId, { text: 'Another?', confidence: 'missed' }),
    remove: (s, a, d) => s.questions.remove(a, d.questionId),
  },
  research: {
    save: (s, a, d) => s.research.save(a, d.questionId, { researchedAnswer: 'The answer', sources: [] }),
  },
  askQuestions: {
    create: (s, a) => s.askQuestions.create(a, 'What would I work on first?'),
    update: (s, a, d) => s.askQuestions.update(a, d.askQuestionId, 'Reworded'),
    remove: (s, a, d) => s.askQuestions.remove(a, d.askQuestionId),
    ask: (s, a, d) => s.askQuestions.ask(a, d.interviewId, [d.askQuestionId]),
    setAnswerHeard: (s, a, d) => s.askQuestions.setAnswerHeard(a, d.askedId, 'Heard this'),
    removeAsked: (s, a, d) => s.askQuestions.removeAsked(a, d.askedId),
  },
  calendar: {
    rotate: (s, a) => s.calendar.rotate(a),
    disable: (s, a) => s.calendar.disable(a),
  },
  insights: {},
}

/**
 * Reads of the candidate's ids, each answering with a ServiceResult: every method named is called with the
 * access context and the candidate's id of the kind given.
 */
const READS_BY_ID: Record<string, Record<string, Call>> = readsById({
  interviews: { get: 'interviewId', summary: 'interviewId', detail: 'interviewId', page: 'interviewId' },
  interviewers: { get: 'interviewerId', withInterview: 'interviewerId', list: 'interviewId' },
  questions: { get: 'questionId', list: 'interviewId' },
  research: { view: 'questionId', reusable: 'questionId', step: 'questionId' },
  askQuestions: { get: 'askQuestionId', getAsked: 'askedId', listAsked: 'interviewId' },
  calendar: { interviewFile: 'interviewId' },
  insights: {},
})

/** Reads of the owner's whole data (lists, bank, settings), answering a plain value. */
const READS_OF_ALL: Record<string, string[]> = {
  interviews: ['exists', 'list', 'dashboard'],
  interviewers: [],
  questions: ['search', 'topics'],
  research: [],
  askQuestions: ['list'],
  calendar: ['settings', 'feedSource'],
  insights: ['read', 'study'],
}

/** Not scoped by an access context: the feed's token is its credential, and building a feed only formats. */
const UNSCOPED: Record<string, string[]> = { calendar: ['feedOwner', 'build'] }

describe('the services for a read-only coach and for a stranger', () => {
  // Migrated at the instant each test's clock starts from.
  const store = migratedDatabaseEach(new TestClock().now())
  let services: Services
  let candidate: number
  let coach: number
  let stranger: number
  let debrief: Debrief

  const totalChanges = () => changes(store.db)

  beforeEach(async () => {
    const clock = new TestClock()
    const { db, dir } = store
    const repos = repositories(db)
    const user = (email: string, name: string, timeZone: string) =>
      repos.users.create({ email, name, passwordHash: 'x', timeZone }, clock.now()).id
    candidate = user('candidate@example.com', 'Cam', 'America/New_York')
    coach = user('coach@example.com', 'Coach', 'Asia/Tokyo')
    stranger = user('stranger@example.com', 'Stranger', 'UTC')
    services = interviewServices({ db, repos, clock, config: testConfig(dir) })

    const own = ownerAccess(candidate)
    const value = <T>(result: ServiceResult<T>): T => {
      if (!result.ok) throw new Error(`seeding failed: ${result.message}`)
      return result.value
    }
    const interview = value(
      await services.interviews.create(own, {
        company: 'Acme',
        role: 'Analyst',
        kind: 'technical',
        startsAt: '2026-03-02T08:00',
        endsAt: '2026-03-02T09:00',
        timeZone: 'America/New_York',
      }),
    )
    const interviewer = value(
      services.interviewers.create(own, interview.id, { name: 'Dana', email: 'dana@acme.example' }),
    )
    const question = value(
      services.questions.create(own, interview.id, {
        text: 'How does Kerberoasting work?',
        confidence: 'missed',
        topics: ['active directory'],
        interviewerId: interviewer.id,
      }),
    )
    const askQuestion = value(services.askQuestions.create(own, 'What does on-call look like?'))
    const [asked] = value(services.askQuestions.ask(own, interview.id, [askQuestion.id]))
    value(services.calendar.rotate(own))
    debrief = {
      interviewId: interview.id,
      interviewerId: interviewer.id,
      questionId: question.id,
      askQuestionId: askQuestion.id,
      askedId: asked!.id,
    }
    clock.advance(H)
  })

  it('names every method of every service in exactly one list above', () => {
    for (const [name, service] of Object.entries(services)) {
      const listed = [
        ...Object.keys(WRITES[name] ?? {}),
        ...Object.keys(READS_BY_ID[name] ?? {}),
        ...(READS_OF_ALL[name] ?? []),
        ...(UNSCOPED[name] ?? []),
      ]
      expect(listed.sort(), name).toEqual(Object.keys(service).sort())
    }
  })

  it('refuses every write of a coach with the read-only message and changes nothing', async () => {
    const access = coachAccess(coach, candidate)
    for (const [name, writes] of Object.entries(WRITES)) {
      for (const [method, call] of Object.entries(writes)) {
        const before = totalChanges()
        const result = (await call(services, access, debrief)) as ServiceResult<unknown>
        expect(result, `${name}.${method}`).toEqual({
          ok: false,
          error: 'forbidden',
          message: READ_ONLY_MESSAGE,
        })
        expect(totalChanges(), `${name}.${method}`).toBe(before)
      }
    }
  })

  it('lets the owner make the same writes, so each refusal above is about who asks', async () => {
    const access = ownerAccess(candidate)
    // Removals last: the other writes need the rows they remove.
    const all = Object.entries(WRITES).flatMap(([name, writes]) =>
      Object.entries(writes).map(([method, call]) => ({ name, method, call })),
    )
    const order = (method: string) => (method.startsWith('remove') ? 1 : 0)
    for (const { name, method, call } of all.sort((x, y) => order(x.method) - order(y.method))) {
      if (name === 'interviews' && method === 'remove') continue
      const result = (await call(services, access, debrief)) as ServiceResult<unknown>
      expect(result.ok, `${name}.${method}: ${result.ok ? '' : result.message}`).toBe(true)
    }
    expect(services.interviews.remove(access, debrief.interviewId).ok).toBe(true)
    expect(services.interviews.exists(access, debrief.interviewId)).toBe(false)
  })

  it("answers a coach's reads with the candidate's data and writes nothing", () => {
    const access = coachAccess(coach, candidate)
    const before = totalChanges()
    for (const [name, reads] of Object.entries(READS_BY_ID)) {
      for (const [method, call] of Object.entries(reads)) {
        const result = call(services, access, debrief) as ServiceResult<unknown>
        expect(result.ok, `${name}.${method}`).toBe(true)
      }
    }
    const interview = services.interviews.get(access, debrief.interviewId)
    expect(interview.ok && interview.value.company).toBe('Acme')
    const page = services.interviews.page(access, debrief.interviewId)
    expect(page.ok && page.value.questions.map((q) => q.text)).toEqual(['How does Kerberoasting work?'])
    expect(page.ok && page.value.interviewers.map((p) => p.name)).toEqual(['Dana'])
    // Reminders and where they go are the candidate's own: the coach's page has none.
    expect(page.ok && page.value.reminders).toBeNull()
    const own = services.interviews.page(ownerAccess(candidate), debrief.interviewId)
    expect(own.ok && own.value.reminders?.length).toBeGreaterThan(0)
    expect(services.interviews.exists(access, debrief.interviewId)).toBe(true)
    expect(services.interviews.list(access, {}, { limit: 10, offset: 0 }).total).toBe(1)
    // Days are the candidate's: 2 March in New York holds the interview, whatever the coach's zone.
    expect(
      services.interviews.list(access, { from: '2026-03-02', to: '2026-03-02' }, { limit: 10, offset: 0 })
        .total,
    ).toBe(1)
    expect(services.interviews.dashboard(access).needsFollowUp.map((i) => i.id)).toEqual([
      debrief.interviewId,
    ])
    expect(services.questions.search(access, { q: 'kerberoasting' }, { limit: 10, offset: 0 }).total).toBe(1)
    expect(services.questions.topics(access)).toEqual(['active directory'])
    expect(services.askQuestions.list(access).map((a) => a.text)).toContain('What does on-call look like?')
    expect(services.calendar.settings(access).status).toBeDefined()
    expect(services.calendar.feedSource(access).calName).toBe('Debrief — Cam')
    expect(services.insights.read(access)).toMatchObject({ interviewCount: 1, questionCount: 1 })
    expect(services.insights.study(access)).toBeDefined()
    expect(totalChanges()).toBe(before)
  })

  it("answers not_found to another owner for every one of the candidate's ids, and lists nothing", () => {
    const access = ownerAccess(stranger)
    for (const [name, reads] of Object.entries(READS_BY_ID)) {
      for (const [method, call] of Object.entries(reads)) {
        const result = call(services, access, debrief) as ServiceResult<unknown>
        expect(result.ok ? 'ok' : result.error, `${name}.${method}`).toBe('not_found')
      }
    }
    for (const [name, writes] of Object.entries(WRITES)) {
      for (const [method, call] of Object.entries(writes)) {
        // These name none of the candidate's rows: they act on the stranger's own data.
        if (
          ['interviews.create', 'askQuestions.create', 'calendar.rotate', 'calendar.disable'].includes(
            `${name}.${method}`,
          )
        )
          continue
        const before = totalChanges()
        const result = call(services, access, debrief) as ServiceResult<unknown>
        expect(result.ok ? 'ok' : result.error, `${name}.${method}`).toBe('not_found')
        expect(totalChanges(), `${name}.${method}`).toBe(before)
      }
    }
    const interview = services.interviews.get(access, debrief.interviewId)
    expect(!interview.ok && interview.message).toBe(INTERVIEW_NOT_FOUND)
    expect(services.interviews.exists(access, debrief.interviewId)).toBe(false)
    expect(services.interviews.list(access, {}, { limit: 10, offset: 0 }).total).toBe(0)
    expect(services.questions.search(access, {}, { limit: 10, offset: 0 }).total).toBe(0)
    expect(services.calendar.settings(access).status).toBeUndefined()
    expect(services.insights.read(access)).toMatchObject({ interviewCount: 0, questionCount: 0 })
  })
})
