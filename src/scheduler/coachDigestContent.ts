import type { DigestDeadline, DigestItems } from '../db/coachDigests.js'
import type { ReviewRequestNotice } from '../db/coachReviews.js'
import { DRAFT_KIND_LABELS } from '../domain/drafts.js'
import { formatTimeLeft } from '../domain/reminderPlan.js'
import { plural } from '../domain/wording.js'
import { plainDeadline } from './content.js'

export interface CoachEmail {
  subject: string
  text: string
  html: string
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** How many things the digest names; a digest with none is not sent. */
export const digestSize = (items: DigestItems) =>
  items.dueSoon.length + items.overdue.length + items.requests.length

export function digestSubject(items: DigestItems): string {
  const parts: string[] = []
  if (items.dueSoon.length > 0) parts.push(`${plural(items.dueSoon.length, 'follow-up')} due soon`)
  if (items.overdue.length > 0) parts.push(`${items.overdue.length} overdue`)
  if (items.requests.length > 0)
    parts.push(plural(items.requests.length, 'review requested', 'reviews requested'))
  return `Your candidates today: ${parts.join(', ')}`
}

/**
 * The coach's daily digest: each linked candidate's follow-ups due in the next hours and those
 * overdue, with the deadline in the coach's own zone, and the notes candidates asked them to review.
 */
export function renderCoachDigest(
  coach: { name: string; timeZone: string },
  items: DigestItems,
  now: number,
  baseUrl: string,
): CoachEmail {
  const base = baseUrl.replace(/\/+$/, '')
  const caseload = `${base}/coach`
  const settings = `${base}/settings/coach-digest`
  const line = (d: DigestDeadline) =>
    `${d.candidateName} — ${d.company} (${d.role}): deadline ${plainDeadline(d.deadline, now, coach.timeZone)} (${d.deadline > now ? `${formatTimeLeft(d.deadline - now)} left` : `overdue by ${formatTimeLeft(now - d.deadline)}`})`
  const sections: { title: string; lines: string[] }[] = [
    { title: 'Follow-up deadline in the next 12 hours', lines: items.dueSoon.map(line) },
    { title: 'Overdue', lines: items.overdue.map(line) },
    {
      title: 'Asked you for a review',
      lines: items.requests.map(
        (r) =>
          `${r.candidateName}: the ${DRAFT_KIND_LABELS[r.kind].toLowerCase()} to ${r.interviewerName} — ${r.company} (${r.role})`,
      ),
    },
  ].filter((s) => s.lines.length > 0)
  const first = coach.name.split(/\s+/)[0] || coach.name
  const text = [
    `Hi ${first},`,
    '',
    'Here is what your candidates need today.',
    ...sections.flatMap((s) => ['', `${s.title}:`, ...s.lines.map((l) => `- ${l}`)]),
    '',
    `Your caseload: ${caseload}`,
    '',
    `Change the time of this daily digest or turn it off: ${settings}`,
    '',
  ].join('\n')
  const html = `<!doctype html><html><body>
<p>Hi ${escapeHtml(first)},</p>
<p>Here is what your candidates need today.</p>
${sections
  .map(
    (s) =>
      `<h2>${escapeHtml(s.title)}</h2>\n<ul>\n${s.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('\n')}\n</ul>`,
  )
  .join('\n')}
<p><a href="${escapeHtml(caseload)}">Your caseload</a></p>
<p style="color:#666;font-size:small"><a href="${escapeHtml(settings)}">Change the time of this daily digest or turn it off</a></p>
</body></html>`
  return { subject: digestSubject(items), text, html }
}

/** Tells a coach that a candidate asked them to review a note. */
export function renderReviewRequest(
  coach: { name: string },
  notice: ReviewRequestNotice,
  baseUrl: string,
): CoachEmail {
  const base = baseUrl.replace(/\/+$/, '')
  const caseload = `${base}/coach#reviews`
  const note = DRAFT_KIND_LABELS[notice.kind].toLowerCase()
  const subject = `${notice.candidateName} asks you to review a ${note}`
  const first = coach.name.split(/\s+/)[0] || coach.name
  const what = `${notice.candidateName} would like your review of the ${note} to ${notice.interviewerName} after their interview with ${notice.company} (${notice.role}).`
  const text = [
    `Hi ${first},`,
    '',
    what,
    '',
    'Comment on it, suggest a better text, or mark it "looks good" — the sooner the better, the follow-up deadline is 24 hours after the interview.',
    '',
    `Review it from your caseload: ${caseload}`,
    '',
  ].join('\n')
  const html = `<!doctype html><html><body>
<p>Hi ${escapeHtml(first)},</p>
<p>${escapeHtml(what)}</p>
<p>Comment on it, suggest a better text, or mark it “looks good” — the sooner the better, the follow-up deadline is 24 hours after the interview.</p>
<p><a href="${escapeHtml(caseload)}">Review it from your caseload</a></p>
</body></html>`
  return { subject, text, html }
}
