import { createToken, signUp } from './agent.js'
import type { TestContext } from './app.js'
import {
  type FixtureDraft,
  INSIGHT_FIXTURE,
  interviewerIds,
  seedDraft,
  seedInterviews,
  userIdOf,
} from './insightFixtures.js'

/** Ada: the insight fixture, an upcoming interview with odd text, drafts, asked questions and reminder settings. */
export async function seedAda(ctx: TestContext) {
  const ada = await signUp(ctx.app, {
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    timeZone: 'Europe/Berlin',
  })
  const adaId = userIdOf(ctx.app.db, 'ada@example.com')
  const ids = seedInterviews(ctx.app.db, adaId, [
    ...INSIGHT_FIXTURE,
    {
      company: 'Future "Quoted" Co',
      role: 'Lead, Platform',
      kind: 'panel',
      startsAt: '2026-03-03T14:00:00Z',
      endsAt: '2026-03-03T15:30:00Z',
      timeZone: 'Europe/Berlin',
      location: 'Berlin; 3rd floor',
      jobUrl: 'https://example.com/jobs/1',
      notes: 'Line 1\nLine 2 — ünïcode ✓ 🎉',
      interviewers: [
        { name: 'Eve', title: 'CTO', email: 'eve@example.com', topics: ['Leadership'] },
        { name: 'Mallory', thankYouSentAt: '2026-03-01T10:00:00Z' },
      ],
      questions: [
        {
          text: '=cmd|" /C calc"!A0',
          confidence: 'missed',
          topics: ['Security', 'CSV'],
          interviewerIndex: 1,
          myAnswer: 'I said "no",\r\nthen hesitated',
          researchedAnswer: 'Prefix formulas with an apostrophe.',
          sources: ['https://owasp.org/www-community/attacks/CSV_Injection', 'https://example.com/b'],
          researched: true,
        },
        { text: 'Unattributed question', confidence: 'shaky', interviewerIndex: null },
        { text: '+1 for tabs', confidence: 'nailed', interviewerIndex: 0 },
        { text: '-2 for spaces', confidence: 'nailed' },
        { text: '@SUM(A1:A9)', confidence: 'nailed' },
        { text: '\tindented', confidence: 'nailed' },
      ],
    },
  ])
  const [acmeA, acmeB] = interviewerIds(ctx.app.db, ids[0]!) as [number, number]
  const acmeDraft = (interviewerId: number, draft: Omit<FixtureDraft, 'interviewId' | 'interviewerId'>) =>
    seedDraft(ctx.app.db, adaId, { interviewId: ids[0]!, interviewerId, ...draft })
  acmeDraft(acmeA, {
    kind: 'thank_you',
    subject: 'Thank you, Ada',
    body: 'Dear Ada,\n\nThanks!\n',
    sentAt: '2026-02-23T17:00:00Z',
    sentVia: 'debrief',
    messageId: '<debrief.draft.1.abc@example.com>',
    createdAt: '2026-02-23T16:00:00Z',
  })
  acmeDraft(acmeB, {
    kind: 'combined',
    tone: 'formal',
    subject: 'Following up',
    body: 'Dear Alan,\n\nMy edited text.\n',
    edited: true,
    createdAt: '2026-02-23T16:05:00Z',
  })
  const now = ctx.clock.now()
  const custom = ctx.app.repos.askQuestions.create(adaId, 'What does on-call look like?', now)
  const bank = ctx.app.repos.askQuestions.list(adaId)
  const asked = ctx.app.repos.askQuestions.ask(adaId, ids[0]!, bank[0]!.id, now)!
  ctx.app.repos.askQuestions.setAnswerHeard(adaId, asked.id, 'Mostly compliance, some infra.')
  ctx.app.repos.askQuestions.ask(adaId, ids[0]!, custom.id, now)
  ctx.app.repos.reminders.saveSettings(
    adaId,
    {
      leads: [300, 60],
      researchEnabled: false,
      overdueEnabled: true,
      quietHours: null,
      email: 'alerts@example.com',
    },
    now,
  )
  const token = await createToken(ada)
  return { ada, adaId, ids, token }
}
