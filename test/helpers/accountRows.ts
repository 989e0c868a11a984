import { expect } from 'vitest'
import { coachAccess } from '../../src/services/access.js'
import { type Agent, createToken } from './agent.js'
import { createTestApp, type TestApp } from './app.js'
import { bigExport } from './bigExport.js'
import type { TestClock } from './clock.js'
import { inviteCoach, linkCoach, startViewing, userId as userIdOf } from './coach.js'
import { signUpUser } from './interviews.js'
import { recordingRoutes } from './routes.js'

/** The kinds of row a route's `:id` can name, by the path segment before it. */
export const ID_KINDS: Record<string, keyof AccountRows['ids']> = {
  interviews: 'interview',
  interviewers: 'interviewer',
  questions: 'question',
  ask: 'askQuestion',
  'ask-questions': 'askQuestion',
  asked: 'asked',
  drafts: 'draft',
  reminders: 'reminder',
  imports: 'importJob',
  // A study card's id is its question's id.
  cards: 'question',
  mailbox: 'mail',
  tokens: 'token',
  'push-subscriptions': 'pushSubscription',
  push: 'pushSubscription',
  deliveries: 'delivery',
  // Settings → Coach names a coach by their user id; invitations by their own id.
  coach: 'coach',
  coaches: 'coach',
  invitations: 'invitation',
  'coach-comments': 'coachComment',
}

export interface AccountRows {
  agent: Agent
  token: string
  ids: {
    interview: number
    interviewer: number
    question: number
    askQuestion: number
    asked: number
    draft: number
    reminder: number
    mail: number
    token: number
    importJob: number
    pushSubscription: number
    delivery: number
    /** A coach this account gave access to (their user id). */
    coach: number
    /** An invitation this account sent that nobody has accepted yet. */
    invitation: number
    /** That coach's comment on the account's first note. */
    coachComment: number
  }
}

/**
 * An account with one row of every kind a route can name by id, each made the way a user
 * makes it (sign-up form, settings page, API), so a test can aim a request at a real row.
 */
export async function accountWithRows(app: TestApp, clock: TestClock, email: string): Promise<AccountRows> {
  const agent = await signUpUser(app, { email })
  const token = await createToken(agent, 'rows')
  const api = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => {
    const response = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    })
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300)
    return response.json()
  }
  const now = app.clock.now()
  const local = (ms: number) => new Date(ms).toISOString().slice(0, 16)
  const interview = await api('POST', '/interviews', {
    company: 'Acme',
    role: 'Engineer',
    kind: 'technical',
    startsAt: local(now - 90 * 60_000),
    endsAt: local(now - 30 * 60_000),
    timeZone: 'UTC',
  })
  const interviewer = await api('POST', `/interviews/${interview.id}/interviewers`, {
    name: 'Dana Smith',
    email: 'dana@example.com',
  })
  const question = await api('POST', `/interviews/${interview.id}/questions`, {
    text: 'How does Kerberoasting work?',
    confidence: 'missed',
  })
  // Researched, so the question is also a study card.
  await api('PATCH', `/questions/${question.id}`, {
    researchedAnswer: 'Requesting service tickets to crack offline.',
  })
  const askQuestion = await api('POST', '/ask-questions', { text: 'What does on-call look like?' })
  const asked = await api('POST', `/interviews/${interview.id}/asked`, { askQuestionId: askQuestion.id })
  // With a researched question an answer note is due, so the notes wait for a choice of one
  // e-mail or two; two keeps the thank-you its own note (drafts[0]), which the coach comments on.
  await api('POST', `/interviews/${interview.id}/interviewers/${interviewer.id}/plan`, { plan: 'two' })
  // Reading drafts stores nothing; storing them gives each note an id.
  const drafts = await api('POST', `/interviews/${interview.id}/drafts`)
  const draftId = drafts.interviewers[0].drafts[0].id as number
  const importJob = await api('POST', '/import', bigExport(1, 'Imported Co'))
  const reminders = await api('GET', `/interviews/${interview.id}/reminders`)
  const reminderId = reminders.reminders[0].id as number
  const pushSubscription = await api('POST', '/push-subscriptions', {
    endpoint: `https://push.example.com/send/${encodeURIComponent(email)}`,
    keys: {
      p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'),
      auth: Buffer.alloc(16, 1).toString('base64url'),
    },
  })
  // A name that never resolves: the webhook delivery exists (and retries) without any traffic.
  await api('PUT', '/reminder-webhook', { url: 'https://hooks.invalid/debrief' })
  // The research nudge falls due an hour after the end and lands in the in-app mailbox.
  clock.advance(31 * 60_000)
  await app.reminderDispatcher.runDuePass()
  // A coach with access (through the real invitation and consent pages), an open invitation,
  // and the coach's comment on the first note.
  const coachEmail = `coach-of-${email}`
  const coach = await signUpUser(app, { email: coachEmail })
  await linkCoach(app, { agent, email }, { agent: coach, email: coachEmail })
  await inviteCoach(agent, `next-coach-of-${email}`)
  const comment = app.services.coachReviews.comment(
    coachAccess(userIdOf(app, coachEmail), userIdOf(app, email)),
    { interviewId: interview.id, interviewerId: interviewer.id, kind: 'thank_you' },
    { body: 'Shorter, please.', suggestion: 'Thank you!' },
  )
  expect(comment.ok).toBe(true)
  const mail = (await agent.get('/mailbox')).body
  const settings = (await agent.get('/settings')).body
  const id = (pattern: RegExp, page: string) => {
    const match = pattern.exec(page)?.[1]
    expect(match, String(pattern)).toBeDefined()
    return Number(match)
  }
  return {
    agent,
    token,
    ids: {
      interview: interview.id,
      interviewer: interviewer.id,
      question: question.id,
      askQuestion: askQuestion.id,
      asked: asked.id,
      draft: draftId,
      reminder: reminderId,
      mail: id(/href="\/mailbox\/(\d+)"/, mail),
      importJob: importJob.id,
      pushSubscription: pushSubscription.id,
      delivery: app.db
        .prepare("SELECT id FROM reminder_deliveries WHERE channel = 'webhook' AND reminder_id = ?")
        .pluck()
        .get(reminderId) as number,
      token: id(/action="\/settings\/tokens\/(\d+)\/revoke"/, settings),
      coach: userIdOf(app, coachEmail),
      invitation: id(
        /action="\/settings\/coach\/invitations\/(\d+)\/revoke"/,
        (await agent.get('/settings/coach')).body,
      ),
      coachComment: comment.ok ? comment.value.id : 0,
    },
  }
}

/**
 * The route's URL with every `:id` replaced by the row of the right kind, `:interviewerId` by the
 * interviewer and `:kind` by a note kind; undefined for routes without one.
 */
export function urlFor(url: string, ids: AccountRows['ids']): string {
  return url
    .replace(/\/([a-z-]+)\/:id\b/g, (_all, segment: string) => {
      const kind = ID_KINDS[segment]
      if (!kind) throw new Error(`No row kind for ":id" after "/${segment}/" in ${url}: add it to ID_KINDS`)
      return `/${segment}/${ids[kind]}`
    })
    .replace(/:interviewerId\b/g, String(ids.interviewer))
    .replace(/:kind\b/g, 'thank_you')
}

/**
 * An app (sign-up open) whose registered routes are recorded, with a populated account for each
 * e-mail, in order: what the tests that walk every route start from.
 */
export async function walkableApp<const E extends readonly string[]>(...emails: E) {
  const recorded = await recordingRoutes(() => createTestApp({ env: { SIGNUP: 'open' } }))
  const ctx = recorded.result
  const accounts: AccountRows[] = []
  for (const email of emails) accounts.push(await accountWithRows(ctx.app, ctx.clock, email))
  return { ctx, routes: recorded.routes, accounts: accounts as { [K in keyof E]: AccountRows } }
}

/**
 * A coach (Carol, with an API token named `tokenName`) whom the candidate gave access through
 * the real pages, already viewing the candidate's debrief: the walks of every route as a coach.
 */
export async function viewingCoach(
  app: TestApp,
  candidate: { agent: Agent; email: string },
  tokenName: string,
) {
  const agent = await signUpUser(app, { email: 'carol@example.com', name: 'Carol Coach' })
  const token = await createToken(agent, tokenName)
  const candidateId = await linkCoach(app, candidate, { agent, email: 'carol@example.com' })
  await startViewing(agent, candidateId)
  return { agent, token, candidateId }
}
