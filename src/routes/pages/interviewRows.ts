import type { InterviewLine } from '../../db/interviews.js'
import { countdown, dateTime, iso, type Urgency, urgency } from '../../domain/format.js'
import { followUpDeadline, type InterviewStatus, KIND_LABELS, STATUS_LABELS } from '../../domain/interview.js'

/** The follow-up deadline of an interview still awaiting one, with its labels. */
export interface RowDeadline {
  ms: number
  iso: string
  overdue: boolean
  urgency: Urgency
  countdown: string
  at: string
}

/** One line of an interview list with every label worked out, so the template only prints. */
export interface InterviewRowView {
  id: number
  title: string
  status: InterviewStatus
  statusLabel: string
  kindAndStart: string
  deadline: RowDeadline | null
  research: string
  thanked: string
}

export function interviewRow(i: InterviewLine, now: number, zone: string): InterviewRowView {
  let deadline: RowDeadline | null = null
  if (i.status === 'awaiting_follow_up') {
    const ms = followUpDeadline(i.endsAt)
    deadline = {
      ms,
      iso: iso(ms),
      overdue: ms < now,
      urgency: urgency(ms, now),
      countdown: countdown(ms, now),
      at: dateTime(ms, zone),
    }
  }
  return {
    id: i.id,
    title: `${i.company} — ${i.role}`,
    status: i.status,
    statusLabel: STATUS_LABELS[i.status],
    kindAndStart: `${KIND_LABELS[i.kind]} · ${dateTime(i.startsAt, zone)}`,
    deadline,
    research:
      i.researchTotal === 0 ? 'nothing to research' : `${i.researchDone}/${i.researchTotal} researched`,
    thanked:
      i.interviewerCount === 0 ? 'no interviewers yet' : `${i.thankedCount}/${i.interviewerCount} thanked`,
  }
}

export function interviewRows(items: InterviewLine[], now: number, zone: string): InterviewRowView[] {
  const rows: InterviewRowView[] = new Array(items.length)
  for (let n = 0; n < items.length; n++) rows[n] = interviewRow(items[n]!, now, zone)
  return rows
}
