import type { DeliveryCoachMail, DeliveryNudge, DeliveryReminder } from '../db/reminderDeliveries.js'
import type { ReminderContext } from '../db/reminders.js'
import { followUpDeadline } from '../domain/interview.js'
import { isObsolete, type ReminderKind, wantsReminders } from '../domain/reminderPlan.js'
import { isNudgeStale, nudgeSubject } from '../domain/studyNudge.js'
import { stableMessageId } from '../mail/compose.js'
import type { ClaimedDelivery, DeliveryContent, NotWanted } from './channels/channel.js'
import { coachDeliveryContent } from './coachDeliveryContent.js'
import type { CoachMailSources } from './coachMailDecision.js'
import { renderReminderEmail } from './content.js'
import { reminderNotification } from './notification.js'
import { renderStudyNudge } from './studyContent.js'

export const TOO_LATE = 'Not sent: the follow-up deadline passed before it could go out.'

/** What a delivery needs to know about its user at send time. */
export interface StudyRecipient {
  name: string
  timeZone: string
  /** Where e-mail reminders go (the reminder settings' address or the account's). */
  address: string
  /** false: the user turned the daily study reminder off since it was handed off. */
  enabled: boolean
}

export interface ContentSources {
  reminder(reminderId: number): DeliveryReminder | undefined
  context(claim: { userId: number; interviewId: number }): ReminderContext | undefined
  nudge(nudgeId: number): DeliveryNudge | undefined
  studyRecipient(userId: number): StudyRecipient | undefined
  coachMail(coachMailId: number): DeliveryCoachMail | undefined
  coach: CoachMailSources
  baseUrl: string
}

/**
 * What one delivery says, read when it is claimed so it reflects the latest state: for a
 * reminder, its interview (a follow-up done since cancels it, a deadline passed skips a
 * deadline reminder); for a study reminder, the count decided when it came due; for a coach's
 * mail, what needs the coach now (coachDeliveryContent.ts).
 */
export function deliveryContent(
  sources: ContentSources,
  claim: ClaimedDelivery,
  now: number,
): DeliveryContent | NotWanted {
  const base = sources.baseUrl.replace(/\/+$/, '')
  if (claim.coachMailId !== null)
    return coachDeliveryContent(
      { ...sources.coach, baseUrl: sources.baseUrl },
      sources.coachMail(claim.coachMailId),
      claim.dueAt,
      now,
    )
  if (claim.nudgeId !== null) {
    const nudge = sources.nudge(claim.nudgeId)
    const recipient = sources.studyRecipient(claim.userId)
    if (!nudge || !recipient?.enabled)
      return { final: 'cancelled', reason: 'Not sent: the study reminder is off.' }
    if (isNudgeStale(claim.dueAt, now, recipient.timeZone))
      return { final: 'skipped', reason: 'Not sent: the day it was for had passed before it could go out.' }
    const cards = nudge.dueCount === 1 ? '1 card is' : `${nudge.dueCount} cards are`
    return {
      title: nudgeSubject(nudge.dueCount),
      body: `${cards} due for review.`,
      url: `${base}/study`,
      tag: `debrief-study-${nudge.localDate}`,
      event: 'study',
      subjectId: nudge.id,
      kind: 'study',
      email: () => ({
        ...renderStudyNudge(recipient.name, nudge.dueCount, sources.baseUrl),
        to: { name: recipient.name, address: recipient.address },
        messageId: stableMessageId('study', nudge.messageKey, sources.baseUrl),
        // The count may differ between attempts; what the message is does not.
        identity: `study reminder ${nudge.id} for ${nudge.localDate}`,
      }),
    }
  }
  const reminder = claim.reminderId === null ? undefined : sources.reminder(claim.reminderId)
  if (!reminder || reminder.state === 'cancelled') return { final: 'cancelled', reason: null }
  const kind = reminder.kind as ReminderKind
  const context = sources.context({ userId: claim.userId, interviewId: reminder.interviewId })
  if (!context || !wantsReminders(context.interview)) return { final: 'cancelled', reason: null }
  if (isObsolete(kind, followUpDeadline(context.interview.endsAt), now))
    return { final: 'skipped', reason: TOO_LATE }
  return {
    ...reminderNotification(reminder.id, kind, context, now, sources.baseUrl),
    event: 'reminder',
    subjectId: reminder.id,
    kind,
    email: () => ({
      ...renderReminderEmail(kind, context, now, sources.baseUrl),
      to: { name: context.user.name, address: context.address },
      // Row ids are reused after deletions; the row's random key makes the Message-ID unique.
      messageId: stableMessageId('reminder', `${reminder.id}.${reminder.messageKey}`, sources.baseUrl),
      // Subject and text say how much time is left, so a retry's differ; this does not.
      identity: `reminder ${reminder.id}: ${kind} ${reminder.lead} for interview ${reminder.interviewId} (${context.interview.company} — ${context.interview.role})`,
    }),
  }
}
