import type { LightMyRequestResponse } from 'fastify'
import { describe, expect, it } from 'vitest'
import type { Agent } from '../helpers/agent.js'
import { captureQuestion, errorsOf, logInterview } from '../helpers/interviews.js'
import { openSignupSuite } from '../helpers/openSignupSuite.js'

const suite = openSignupSuite('research')
const newUser = () => suite.newUser()

const questionId = (interviewId: number, text: string) =>
  (
    suite.ctx.app.db
      .prepare('SELECT id FROM questions WHERE interview_id = ? AND text = ?')
      .get(interviewId, text) as {
      id: number
    }
  ).id
const stored = (id: number) =>
  suite.ctx.app.db
    .prepare('SELECT researched, researched_at, researched_answer, sources FROM questions WHERE id = ?')
    .get(id) as {
    researched: number
    researched_at: number | null
    researched_answer: string
    sources: string
  }
const flashOf = (page: LightMyRequestResponse) => {
  const match =
    /<p class="flash flash-(\w+) toast" role="\w+" id="flash"(?: data-focus="([^"]*)")?>([^<]*)<\/p>/.exec(
      page.body,
    )
  return match ? { type: match[1], focus: match[2] ?? null, message: match[3] } : null
}
const research = (agent: Agent, id: number, fields: Record<string, string>) =>
  agent.submit(
    `/questions/${id}`,
    { text: 'Q', confidence: 'missed', interviewerId: '', ...fields },
    `/questions/${id}`,
  )

/** A question captured with no topics, then researched with these fields (its text among them); its id. */
async function researched(
  agent: Agent,
  interviewId: number,
  fields: { text: string } & Record<string, string>,
) {
  await captureQuestion(agent, interviewId, { text: fields.text, topics: '' })
  const id = questionId(interviewId, fields.text)
  await research(agent, id, fields)
  return id
}

/**
 * A new user whose earlier interview, at Initech, has "Explain Kerberoasting and how to detect it" researched
 * with this answer and MITRE's page as its source.
 */
async function explainedKerberoasting(researchedAnswer: string) {
  const agent = await newUser()
  const earlier = await logInterview(agent, { company: 'Initech' })
  const explained = await researched(agent, earlier, {
    text: 'Explain Kerberoasting and how to detect it',
    researchedAnswer,
    sources: 'https://attack.mitre.org/techniques/T1558/003/',
  })
  return { agent, earlier, explained }
}

/** An interview with two missed questions, a shaky one and a nailed one, as captured. */
async function debrief(agent: Agent) {
  const id = await logInterview(agent)
  await captureQuestion(agent, id, { text: 'What is Kerberoasting?', confidence: 'missed', topics: '' })
  await captureQuestion(agent, id, { text: 'How does DNS tunnelling work?', confidence: 'shaky', topics: '' })
  await captureQuestion(agent, id, { text: 'Tell me about yourself', confidence: 'nailed', topics: '' })
  await captureQuestion(agent, id, { text: 'What is a golden ticket?', confidence: 'missed', topics: '' })
  return {
    id,
    kerberoasting: questionId(id, 'What is Kerberoasting?'),
    dns: questionId(id, 'How does DNS tunnelling work?'),
    nailed: questionId(id, 'Tell me about yourself'),
    golden: questionId(id, 'What is a golden ticket?'),
  }
}

describe('research: researched means having a researched answer', () => {
  it('is researched once the answer is saved, whatever the old checkbox says, and not once it is cleared', async () => {
    const agent = await newUser()
    const d = await debrief(agent)
    const page = await agent.get(`/questions/${d.kerberoasting}`)
    expect(page.body).not.toContain('name="researched"')
    // The researched answer comes right after the question, and takes the focus.
    expect(page.body.indexOf('id="f-researchedAnswer"')).toBeGreaterThan(page.body.indexOf('id="f-text"'))
    expect(page.body.indexOf('id="f-researchedAnswer"')).toBeLessThan(page.body.indexOf('id="f-myAnswer"'))
    expect(page.body).toMatch(/<textarea id="f-researchedAnswer"[^>]* autofocus/)
    expect(page.body).toContain('0/3 researched')

    const t0 = suite.ctx.clock.now()
    await research(agent, d.kerberoasting, {
      text: 'What is Kerberoasting?',
      researchedAnswer: 'Cracking TGS tickets.',
    })
    expect(stored(d.kerberoasting)).toMatchObject({ researched: 1, researched_at: t0 })

    suite.ctx.clock.advance(60_000)
    // A stale form ticking "researched" off changes nothing; the first moment is kept.
    await research(agent, d.kerberoasting, {
      text: 'What is Kerberoasting?',
      researchedAnswer: 'Cracking TGS tickets offline.',
      researched: '',
    })
    expect(stored(d.kerberoasting)).toMatchObject({ researched: 1, researched_at: t0 })

    // Only white space is no answer; ticking the old checkbox does not make it one.
    await research(agent, d.kerberoasting, {
      text: 'What is Kerberoasting?',
      researchedAnswer: ' \n\t ',
      researched: '1',
    })
    expect(stored(d.kerberoasting)).toEqual({
      researched: 0,
      researched_at: null,
      researched_answer: '',
      sources: '[]',
    })

    // Sources are optional: an answer alone is research.
    const saved = await research(agent, d.dns, {
      text: 'How does DNS tunnelling work?',
      confidence: 'shaky',
      researchedAnswer: 'Data in queries.',
    })
    expect(saved.statusCode).toBe(302)
    expect(stored(d.dns)).toMatchObject({ researched: 1, sources: '[]' })
    expect((await agent.get(`/interviews/${d.id}`)).body).toContain('1/3 researched')
  })

  it('says "no research needed" for a nailed question and links to its notes', async () => {
    const agent = await newUser()
    const d = await debrief(agent)
    const page = (await agent.get(`/interviews/${d.id}`)).body
    // One question's item in the list (the page names a question elsewhere too, e.g. in the guide).
    const itemOf = (id: number) => {
      const start = page.indexOf(`<li id="question-${id}">`)
      return start < 0 ? '' : page.slice(start, page.indexOf('</li>', start))
    }
    const item = itemOf(d.nailed)
    expect(item).toContain('no research needed')
    expect(item).not.toContain('not researched yet')
    expect(item).toMatch(/href="\/questions\/\d+">Notes<\/a>/)
    const missed = itemOf(d.kerberoasting)
    expect(missed).toContain('not researched yet')
    expect(missed).toMatch(/href="\/questions\/\d+">Research<\/a>/)
    const notes = await agent.get(`/questions/${d.nailed}`)
    expect(notes.body).toContain('no research needed')
  })
})

describe('research: after "Save research"', () => {
  it('goes on to the next question still to research, with how many are left, then to sending', async () => {
    const agent = await newUser()
    const d = await debrief(agent)
    const first = await research(agent, d.kerberoasting, {
      text: 'What is Kerberoasting?',
      researchedAnswer: 'A.',
    })
    expect(first.headers.location).toBe(`/questions/${d.dns}`)
    const next = await agent.get(String(first.headers.location))
    expect(flashOf(next)).toEqual({
      type: 'success',
      focus: 'f-researchedAnswer',
      message: 'Research saved — 2 left.',
    })
    expect(next.body).toContain('1/3 researched')

    // The nailed question is skipped; the one saved without an answer stays on the list.
    const second = await research(agent, d.dns, {
      text: 'How does DNS tunnelling work?',
      confidence: 'shaky',
    })
    expect(second.headers.location).toBe(`/questions/${d.golden}`)
    expect(flashOf(await agent.get(`/questions/${d.golden}`))?.message).toBe('Research saved — 2 left.')

    // From the last question it wraps round to the one still without an answer.
    const third = await research(agent, d.golden, {
      text: 'What is a golden ticket?',
      researchedAnswer: 'A forged TGT.',
    })
    expect(third.headers.location).toBe(`/questions/${d.dns}`)
    expect(flashOf(await agent.get(`/questions/${d.dns}`))?.message).toBe('Research saved — 1 left.')

    const last = await research(agent, d.dns, {
      text: 'How does DNS tunnelling work?',
      confidence: 'shaky',
      researchedAnswer: 'B.',
    })
    expect(last.headers.location).toBe(`/interviews/${d.id}`)
    expect(flashOf(await agent.get(`/interviews/${d.id}`))).toEqual({
      type: 'success',
      focus: 'next-step',
      message: 'All 3 questions researched. Next: send your notes.',
    })
  })

  it('re-renders a bad form in place and moves nowhere', async () => {
    const agent = await newUser()
    const d = await debrief(agent)
    const bad = await research(agent, d.kerberoasting, { text: '', researchedAnswer: 'A.' })
    expect(bad.statusCode).toBe(400)
    expect(errorsOf(bad)).toContain('Question must not be empty')
    expect(stored(d.kerberoasting).researched).toBe(0)
  })
})

describe('research: similar questions you researched', () => {
  it('offers the own researched questions most like this one, never this one or another user’s', async () => {
    const { agent, earlier, explained } = await explainedKerberoasting(
      'Service tickets requested for SPN accounts, cracked offline. Detect 4769 with RC4.',
    )
    await captureQuestion(agent, earlier, { text: 'Kerberoasting without an answer yet', topics: '' })
    await researched(agent, earlier, {
      text: 'What is a pass-the-hash attack?',
      researchedAnswer: 'Reusing NTLM hashes.',
    })

    // Another user's research on the very same subject never shows.
    const stranger = await newUser()
    const theirs = await logInterview(stranger, { company: 'Elsewhere' })
    await researched(stranger, theirs, {
      text: 'Kerberoasting in depth',
      researchedAnswer: 'STRANGER SECRET ANSWER',
    })

    const d = await debrief(agent)
    // This question itself has an answer too, and must not offer itself.
    await research(agent, d.kerberoasting, {
      text: 'What is Kerberoasting?',
      researchedAnswer: 'OWN CURRENT ANSWER',
    })
    const page = (await agent.get(`/questions/${d.kerberoasting}`)).body
    const similar = page.slice(page.indexOf('Similar questions you researched'))
    expect(similar).toContain('Explain Kerberoasting and how to detect it')
    expect(similar).toContain('Service tickets requested for SPN accounts')
    expect(similar).toContain(`name="use" value="${explained}"`)
    expect(similar).not.toContain('Kerberoasting without an answer yet')
    expect(similar).not.toContain('pass-the-hash')
    expect(page).not.toContain('STRANGER SECRET ANSWER')
    expect(similar).not.toContain(`value="${d.kerberoasting}"`)
    // A question sharing no meaningful word gets no offer.
    expect((await agent.get(`/questions/${d.nailed}`)).body).not.toContain('Similar questions you researched')
  })

  it('"Use this answer" without JavaScript fills the form as typed and saves nothing', async () => {
    const { agent, explained } = await explainedKerberoasting('Crack <TGS> tickets & watch 4769.')
    const d = await debrief(agent)
    const before = suite.ctx.app.db.prepare('SELECT * FROM questions WHERE id = ?').get(d.kerberoasting)
    const used = await agent.submit(
      `/questions/${d.kerberoasting}/use`,
      {
        text: 'What is Kerberoasting? (edited)',
        confidence: 'missed',
        myAnswer: 'Something about SPNs',
        use: String(explained),
      },
      `/questions/${d.kerberoasting}`,
    )
    expect(used.statusCode).toBe(200)
    expect(used.body).toMatch(
      /<textarea id="f-researchedAnswer"[^>]*>Crack &lt;TGS&gt; tickets &amp; watch 4769\.<\/textarea>/,
    )
    expect(used.body).toMatch(
      /<textarea id="f-sources"[^>]*>https:\/\/attack\.mitre\.org\/techniques\/T1558\/003\/<\/textarea>/,
    )
    // What was typed but not saved comes back as typed.
    expect(used.body).toContain('What is Kerberoasting? (edited)</textarea>')
    expect(used.body).toContain('Something about SPNs</textarea>')
    expect(used.body).toContain('filled in. Nothing is saved until you save research.')
    expect(suite.ctx.app.db.prepare('SELECT * FROM questions WHERE id = ?').get(d.kerberoasting)).toEqual(
      before,
    )

    // Another user's question cannot be used, not even by its id.
    const stranger = await newUser()
    const theirs = await debrief(stranger)
    const refused = await stranger.submit(
      `/questions/${theirs.kerberoasting}/use`,
      { text: 'What is Kerberoasting?', confidence: 'missed', use: String(explained) },
      `/questions/${theirs.kerberoasting}`,
    )
    expect(refused.statusCode).toBe(404)
    expect(refused.body).not.toContain('Crack &lt;TGS&gt;')
  })
})
