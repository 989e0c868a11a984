import { afterEach, beforeEach } from 'vitest'
import { type Agent, decodeHtml } from './agent.js'
import { adasDesk, type Desk } from './draftDesk.js'

/** Ada's debrief: Grace owes a thank-you and a researched answer, Alan a thank-you and an unresearched one. */
export const SEED = {
  company: 'Initech',
  role: 'Platform Engineer',
  interviewers: [
    { name: 'Grace Hopper', title: 'Principal Engineer', email: 'grace@example.com', topics: ['compilers'] },
    { name: 'Alan Turing', title: 'Researcher', email: 'alan@example.com' },
  ],
  questions: [
    {
      by: 0,
      text: 'How does a B-tree stay balanced?',
      answer: 'Nodes split and merge.',
      sources: ['https://en.wikipedia.org/wiki/B-tree'],
    },
    { by: 1, text: 'Explain Raft leader election', confidence: 'missed' as const },
  ],
  asked: [{ text: 'How do you deploy?', answer: 'Continuously' }],
}

export interface NoteForm {
  /** null while the note is not stored. */
  id: number | null
  /** Where its one form posts. */
  action: string
  subject: string
  body: string
}

/** The notes on the page, by interviewer name and kind, with their forms as the browser would post them. */
export function notesOn(html: string): Record<string, NoteForm> {
  const notes: Record<string, NoteForm> = {}
  const sections = html.split('<section class="card" id="interviewer-').slice(1)
  for (const section of sections) {
    const name = /<h2[^>]*>([^<]+)/.exec(section)![1]!.trim()
    for (const article of section.split('<article class="draft" id="draft-').slice(1)) {
      const [, key, kind] = /^([\w-]+)" data-kind="(\w+)"/.exec(article)!
      const action = /<form method="post" action="([^"]+)" novalidate data-draft-editor id="editor-/.exec(
        article,
      )?.[1]
      notes[`${name}:${kind}`] = {
        id: /^\d+$/.test(key!) ? Number(key) : null,
        action: action ?? `/drafts/${key}`,
        subject: decodeHtml(/name="subject" type="text" value="([^"]*)"/.exec(article)?.[1] ?? ''),
        body: decodeHtml(/name="body"[^>]*>([^<]*)<\/textarea>/.exec(article)?.[1] ?? ''),
      }
    }
  }
  return notes
}

/** The draft ids on the page, by interviewer name and kind (stored notes only). */
export function draftIds(html: string): Record<string, number> {
  const ids: Record<string, number> = {}
  for (const [key, note] of Object.entries(notesOn(html))) if (note.id !== null) ids[key] = note.id
  return ids
}

// Exported as live bindings, so every test reads the desk made just before it, under the same names in each file.
export let ctx: Desk['ctx']
export let agent: Agent
export let seed: Desk['seed']

/** A fresh desk before each test of the enclosing describe, with SEED as Ada's debrief, closed after it. */
export function draftsPageDesk() {
  beforeEach(async () => {
    ;({ ctx, agent, seed } = await adasDesk(SEED, { env: { SIGNUP: 'open' } }))
  })
  afterEach(async () => ctx?.close())
}

/** The drafts page of a debrief (by default the desk's own), and its one-e-mail-or-two choice per interviewer. */
export const page = (debrief = seed) => `/interviews/${debrief.interviewId}/drafts`
export const plan = (who: number, choice: 'one' | 'two', debrief = seed) =>
  agent.submit(
    `/interviews/${debrief.interviewId}/interviewers/${debrief.interviewerIds[who]}/plan`,
    { plan: choice },
    page(debrief),
  )
/** The notes as the drafts page shows them now. */
export const notes = async (debrief = seed) => notesOn((await agent.get(page(debrief))).body)
/** Presses one of the note's buttons with the text as it stands in its editor (or as given). */
export const press = (note: NoteForm, action: string, fields: Record<string, string> = {}, debrief = seed) =>
  agent.submit(note.action, { action, subject: note.subject, body: note.body, ...fields }, page(debrief))
