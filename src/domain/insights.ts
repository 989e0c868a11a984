import { DateTime } from 'luxon'
import {
  type Confidence,
  type FollowUpState,
  followUpDeadline,
  INTERVIEW_KINDS,
  type InterviewKind,
  OUTCOMES,
  type Outcome,
} from './interview.js'

export interface InsightInterview {
  id: number
  kind: InterviewKind
  startsAt: number
  endsAt: number
  outcome: Outcome
  followUpState: FollowUpState
  followUpDoneAt: number | null
}

export interface InsightInterviewer {
  interviewId: number
  thankYouSentAt: number | null
  answersSentAt: number | null
}

export interface InsightQuestion {
  confidence: Confidence
  topics: readonly string[]
  researched: boolean
}

export interface InsightsInput {
  interviews: readonly InsightInterview[]
  interviewers: readonly InsightInterviewer[]
  questions: readonly InsightQuestion[]
  now: number
  /** The user's zone: weeks start on Monday there. */
  timeZone: string
}

export interface FollowUpRate {
  onTime: number
  late: number
  /** onTime + late: the interviews the rate is taken over. */
  counted: number
  /** onTime / counted, or null when nothing counts yet. */
  rate: number | null
}

export interface MedianDelay {
  /** Milliseconds from the interview's end, or null without any sent note. */
  medianMs: number | null
  count: number
}

export interface WeekCount {
  /** Monday of the week in the user's zone, YYYY-MM-DD. */
  weekStart: string
  count: number
}

export interface TopicStudy {
  topic: string
  missed: number
  shaky: number
  /** Of the missed and shaky ones, how many are researched already. */
  researched: number
}

export interface KindOutcomes {
  kind: InterviewKind
  total: number
  counts: Record<Outcome, number>
}

export interface Insights {
  interviewCount: number
  questionCount: number
  followUp: FollowUpRate
  thankYou: MedianDelay
  answers: MedianDelay
  weekly: WeekCount[]
  studyList: TopicStudy[]
  /** Missed or shaky questions without any topic: they cannot be ranked by topic. */
  untaggedWeak: number
  outcomesByKind: KindOutcomes[]
}

export const WEEKS_SHOWN = 12

/**
 * On-time follow-up rate.
 * - Counted: interviews whose follow-up is "done", plus those still "open" whose deadline
 *   (end + 24 h) has passed. "not_needed" interviews never count: the user decided no note was
 *   owed. Open interviews still inside their 24 hours are undecided and do not count yet, and
 *   neither does a "done" interview without a recorded completion time, which cannot be judged.
 * - On time: "done" with follow_up_done_at at or before the deadline.
 * - Late: every other counted interview (done after the deadline, or open past it), whatever its
 *   outcome: a rejection weeks later does not excuse a missing thank-you.
 */
export function followUpRate(interviews: readonly InsightInterview[], now: number): FollowUpRate {
  let onTime = 0
  let late = 0
  for (const interview of interviews) {
    const deadline = followUpDeadline(interview.endsAt)
    if (interview.followUpState === 'done') {
      if (interview.followUpDoneAt === null) continue
      if (interview.followUpDoneAt <= deadline) onTime++
      else late++
    } else if (interview.followUpState === 'open' && deadline <= now) {
      late++
    }
  }
  const counted = onTime + late
  return { onTime, late, counted, rate: counted === 0 ? null : onTime / counted }
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Per interviewer: time from the end of their interview to the note, over every note sent. */
export function medianDelay(
  interviews: readonly InsightInterview[],
  interviewers: readonly InsightInterviewer[],
  field: 'thankYouSentAt' | 'answersSentAt',
): MedianDelay {
  const ends = new Map(interviews.map((i) => [i.id, i.endsAt]))
  const delays: number[] = []
  for (const person of interviewers) {
    const sentAt = person[field]
    const end = ends.get(person.interviewId)
    if (sentAt === null || end === undefined) continue
    // A note written ahead and logged before the end counts as immediate, not negative.
    delays.push(Math.max(0, sentAt - end))
  }
  return { medianMs: median(delays), count: delays.length }
}

/**
 * Interviews held, by start time, over the last WEEKS_SHOWN weeks (this week included), oldest
 * first. One still to come this week has not been held yet and is not counted.
 */
export function interviewsPerWeek(
  interviews: readonly InsightInterview[],
  now: number,
  timeZone: string,
  weeks = WEEKS_SHOWN,
): WeekCount[] {
  const thisWeek = DateTime.fromMillis(now, { zone: timeZone }).startOf('week')
  const starts = Array.from({ length: weeks + 1 }, (_, i) => thisWeek.minus({ weeks: weeks - 1 - i }))
  const counts = new Array<number>(weeks).fill(0)
  const bounds = starts.map((start) => start.toMillis())
  for (const interview of interviews) {
    const t = interview.startsAt
    if (t < bounds[0]! || t >= bounds[weeks]! || t > now) continue
    // Weeks differ in length across DST changes, so the bucket is found by comparison, not division.
    let i = 0
    while (t >= bounds[i + 1]!) i++
    counts[i]!++
  }
  return counts.map((count, i) => ({ weekStart: starts[i]!.toISODate()!, count }))
}

/**
 * Topics of missed and shaky questions, most in need of study first. A missed question weighs
 * twice a shaky one; ties go to the topic with more unresearched questions, then by name.
 * Tags are grouped ignoring case and shown in their alphabetically first spelling, as the
 * question bank's topic filter does.
 */
export function studyList(questions: readonly InsightQuestion[]): { topics: TopicStudy[]; untagged: number } {
  const byKey = new Map<string, TopicStudy>()
  let untagged = 0
  for (const question of questions) {
    if (question.confidence === 'nailed') continue
    const keys = new Set<string>()
    for (const tag of question.topics) {
      const key = tag.toLowerCase()
      const entry = byKey.get(key) ?? { topic: tag, missed: 0, shaky: 0, researched: 0 }
      if (tag < entry.topic) entry.topic = tag
      byKey.set(key, entry)
      if (keys.has(key)) continue
      keys.add(key)
      if (question.confidence === 'missed') entry.missed++
      else entry.shaky++
      if (question.researched) entry.researched++
    }
    if (keys.size === 0) untagged++
  }
  const weight = (t: TopicStudy) => 2 * t.missed + t.shaky
  const open = (t: TopicStudy) => t.missed + t.shaky - t.researched
  const topics = [...byKey.values()].sort(
    (a, b) =>
      weight(b) - weight(a) ||
      open(b) - open(a) ||
      a.topic.toLowerCase().localeCompare(b.topic.toLowerCase()) ||
      a.topic.localeCompare(b.topic),
  )
  return { topics, untagged }
}

/** Outcome counts per interview kind, kinds in their usual order, only kinds that occur. */
export function outcomesByKind(interviews: readonly InsightInterview[]): KindOutcomes[] {
  const rows = new Map<InterviewKind, KindOutcomes>()
  for (const interview of interviews) {
    let row = rows.get(interview.kind)
    if (!row) {
      row = {
        kind: interview.kind,
        total: 0,
        counts: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>,
      }
      rows.set(interview.kind, row)
    }
    row.total++
    row.counts[interview.outcome]++
  }
  return INTERVIEW_KINDS.flatMap((kind) => {
    const row = rows.get(kind)
    return row ? [row] : []
  })
}

export function computeInsights(input: InsightsInput): Insights {
  const study = studyList(input.questions)
  return {
    interviewCount: input.interviews.length,
    questionCount: input.questions.length,
    followUp: followUpRate(input.interviews, input.now),
    thankYou: medianDelay(input.interviews, input.interviewers, 'thankYouSentAt'),
    answers: medianDelay(input.interviews, input.interviewers, 'answersSentAt'),
    weekly: interviewsPerWeek(input.interviews, input.now, input.timeZone),
    studyList: study.topics,
    untaggedWeak: study.untagged,
    outcomesByKind: outcomesByKind(input.interviews),
  }
}

/** "45 min", "5 h 12 min", "2 d 3 h": two units at most, rounded to the minute. */
export function durationLabel(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  if (minutes < 60) return `${minutes} min`
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const mins = minutes % 60
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`
  return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`
}

/** "83 %" — whole percent, so 5 of 6 does not read as 83.33333. */
export function percentLabel(rate: number): string {
  return `${Math.round(rate * 100)} %`
}
