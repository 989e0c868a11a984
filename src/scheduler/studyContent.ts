import { nudgeSubject } from '../domain/studyNudge.js'

export interface StudyNudgeEmail {
  subject: string
  text: string
  html: string
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The daily study reminder: how many cards are due and where to study them. */
export function renderStudyNudge(name: string, dueCount: number, baseUrl: string): StudyNudgeEmail {
  const base = baseUrl.replace(/\/+$/, '')
  const studyUrl = `${base}/study`
  const settingsUrl = `${base}/settings/reminders`
  const subject = nudgeSubject(dueCount)
  const cards = dueCount === 1 ? '1 card is' : `${dueCount} cards are`
  const text = [
    `Hi ${name},`,
    '',
    `${cards} due for review in Debrief.`,
    '',
    `Study now: ${studyUrl}`,
    '',
    `Change or turn off this daily reminder: ${settingsUrl}`,
    '',
  ].join('\n')
  const html = `<!doctype html><html><body>
<p>Hi ${escapeHtml(name)},</p>
<p>${escapeHtml(cards)} due for review in Debrief.</p>
<p><a href="${escapeHtml(studyUrl)}">Study now</a></p>
<p style="color:#666;font-size:small"><a href="${escapeHtml(settingsUrl)}">Change or turn off this daily reminder</a></p>
</body></html>`
  return { subject, text, html }
}
