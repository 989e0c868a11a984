import type { DeliveryCoachMail } from '../db/reminderDeliveries.js'
import { DRAFT_KIND_LABELS } from '../domain/drafts.js'
import { stableMessageId } from '../mail/compose.js'
import type { DeliveryContent, NotWanted } from './channels/channel.js'
import { digestSubject, renderCoachDigest, renderReviewRequest } from './coachDigestContent.js'
import { type CoachMailSources, coachMailDecision } from './coachMailDecision.js'

const names = (list: string[]) =>
  list.length <= 2 ? list.join(' and ') : `${list.slice(0, 2).join(', ')} and ${list.length - 2} more`

/**
 * What one delivery of a coach's digest or review-request notice says, read when it is claimed
 * so it reflects the latest state: a review answered since is skipped, a link gone cancels it,
 * the digest lists what needs the coach at this moment. Push and webhook get a title, a line and
 * the caseload link; e-mail gets the full message, as before it went through the channels.
 */
export function coachDeliveryContent(
  sources: CoachMailSources & { baseUrl: string },
  mail: DeliveryCoachMail | undefined,
  dueAt: number,
  now: number,
): DeliveryContent | NotWanted {
  if (!mail) return { final: 'cancelled', reason: null }
  const decision = coachMailDecision(sources, { ...mail, dueAt }, now)
  if ('settle' in decision) return { final: decision.settle, reason: decision.reason }
  // The decision found the recipient (and, for a review, the notice and for a digest its items).
  const recipient = sources.recipient(mail.coachId)!
  const to = { name: recipient.name, address: recipient.address }
  // A review request opens the caseload's list of requests, one click from the note (choosing
  // whose debrief to read is a form, never a link).
  const url = `${sources.baseUrl.replace(/\/+$/, '')}/coach${mail.kind === 'review' ? '#reviews' : ''}`
  const messageId = stableMessageId(`coach-${mail.kind}`, mail.messageKey, sources.baseUrl)
  const common = { url, event: 'coach' as const, subjectId: mail.id, kind: mail.kind }
  if (mail.kind === 'review') {
    const notice = sources.notice(mail.requestId!, mail.coachId)!
    const note = DRAFT_KIND_LABELS[notice.kind].toLowerCase()
    return {
      ...common,
      title: `${notice.candidateName} asks you to review a ${note}`,
      body: `The ${note} to ${notice.interviewerName} — ${notice.company} (${notice.role}).`,
      tag: `debrief-coach-review-${mail.requestId}`,
      email: () => ({
        ...renderReviewRequest(recipient, notice, sources.baseUrl),
        to,
        messageId,
        identity: `coach review request ${mail.requestId} for coach ${mail.coachId}`,
      }),
    }
  }
  const items = decision.items!
  const candidates = [
    ...new Set([...items.dueSoon, ...items.overdue, ...items.requests].map((i) => i.candidateName)),
  ]
  return {
    ...common,
    title: digestSubject(items),
    body: `For ${names(candidates)}.`,
    tag: `debrief-coach-digest-${mail.localDate}`,
    email: () => ({
      ...renderCoachDigest(recipient, items, now, sources.baseUrl),
      to,
      messageId,
      // The digest's lines may differ between attempts; what the message is does not.
      identity: `coach digest ${mail.id} for ${mail.localDate}`,
    }),
  }
}
