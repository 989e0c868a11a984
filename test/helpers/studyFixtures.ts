import type { App } from '../../src/app.js'
import type { Question } from '../../src/db/questions.js'
import type { Confidence } from '../../src/domain/interview.js'
import { HOUR, insertInterview } from './fixtures.js'

/** A question created through the questions repository, researched unless `answer` is empty. */
export function addQuestion(
  app: App,
  userId: number,
  interviewId: number,
  q: { text?: string; confidence?: Confidence; answer?: string; topics?: string[]; sources?: string[] } = {},
): Question {
  const answer = q.answer ?? 'The researched answer.'
  const question = app.repos.questions.create(
    userId,
    interviewId,
    {
      text: q.text ?? 'How does Kerberoasting work?',
      confidence: q.confidence ?? 'missed',
      topics: q.topics ?? [],
      myAnswer: '',
      researchedAnswer: answer,
      sources: q.sources ?? [],
      researched: answer !== '',
      includeInFollowUp: true,
      interviewerId: null,
    },
    app.clock.now(),
  )
  if (!question) throw new Error('question not created')
  return question
}

/** An interview that ended an hour before the app clock. */
export function pastInterview(app: App, userId: number, company = 'Acme'): number {
  return insertInterview(app, userId, { company, endsAt: app.clock.now() - HOUR })
}
