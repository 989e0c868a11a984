import { describe, expect, it } from 'vitest'
import { ownerAccess } from '../../src/services/access.js'
import { studyAccess } from '../../src/services/study.js'
import { cleanupAfterEach } from '../helpers/app.js'
import { HOUR, insertInterview } from '../helpers/fixtures.js'
import { samsDesk } from '../helpers/studyDesk.js'
import { addQuestion } from '../helpers/studyFixtures.js'

const cleanups = cleanupAfterEach()

async function setup() {
  const t = await samsDesk(cleanups)
  const { user } = t
  const access = studyAccess(ownerAccess(user.id), user.timeZone)
  const interview = (company: string, role: string, endsAt: number) => {
    const id = insertInterview(t.app, user.id, { company, role, endsAt })
    return { id, role, endsAt }
  }
  return { ...t, access, interview }
}

describe('study before an upcoming interview', () => {
  it("offers the weak topics of the same role's cards, weakest first, with how many are due", async () => {
    const t = await setup()
    const now = t.clock.now()
    const past = interview(t, 'Initech', 'Security Analyst', now - 24 * HOUR)
    addQuestion(t.app, t.user.id, past.id, {
      text: 'Kerberoasting?',
      confidence: 'missed',
      topics: ['Active Directory'],
    })
    addQuestion(t.app, t.user.id, past.id, {
      text: 'Golden ticket?',
      confidence: 'missed',
      topics: ['Active Directory'],
    })
    addQuestion(t.app, t.user.id, past.id, { text: 'SIEM tuning?', confidence: 'shaky', topics: ['SIEM'] })
    // Another role's weak spot is not this interview's.
    const other = interview(t, 'Globex', 'Data Engineer', now - 48 * HOUR)
    addQuestion(t.app, t.user.id, other.id, { text: 'LSM-tree?', confidence: 'missed', topics: ['Storage'] })
    const upcoming = interview(t, 'Acme', 'Security Analyst', now + 48 * HOUR)

    const prep = t.app.study.prepFor(t.access, upcoming)
    expect(prep).toEqual({
      basis: 'role',
      role: 'Security Analyst',
      topics: [
        { topic: 'Active Directory', cards: 2, due: 2 },
        { topic: 'SIEM', cards: 1, due: 1 },
      ],
      due: 3,
    })

    const page = await t.agent.get(`/interviews/${upcoming.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Before your interview with Acme')
    expect(page.body).toContain('href="/study?topic=Active%20Directory"')
    expect(page.body).toContain('3 of these cards are due now.')
    expect(page.body).not.toContain('topic=Storage')
  })

  it("falls back to the deck's weakest topics for a new role, and shows nothing once the interview has ended", async () => {
    const t = await setup()
    const now = t.clock.now()
    const past = interview(t, 'Globex', 'Data Engineer', now - 48 * HOUR)
    addQuestion(t.app, t.user.id, past.id, { text: 'LSM-tree?', confidence: 'missed', topics: ['Storage'] })
    const upcoming = interview(t, 'Acme', 'Security Analyst', now + 2 * HOUR)
    expect(t.app.study.prepFor(t.access, upcoming)).toMatchObject({
      basis: 'weakest',
      topics: [{ topic: 'Storage', cards: 1, due: 1 }],
      due: 1,
    })
    expect((await t.agent.get(`/interviews/${upcoming.id}`)).body).toContain('study your weakest topics')

    expect(t.app.study.prepFor(t.access, past)).toBeNull()
    expect((await t.agent.get(`/interviews/${past.id}`)).body).not.toContain('id="study-prep"')
  })
})

function interview(
  t: Awaited<ReturnType<typeof setup>>,
  company: string,
  role: string,
  endsAt: number,
): { id: number; role: string; endsAt: number } {
  return t.interview(company, role, endsAt)
}
