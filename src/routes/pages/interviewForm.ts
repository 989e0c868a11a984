import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { Interview } from '../../db/interviews.js'
import { INTERVIEW_KINDS, instantToLocal, OUTCOMES } from '../../domain/interview.js'
import { emptyRow, type InterviewerRow, MAX_INTERVIEWER_ROWS } from '../../domain/interviewerRows.js'
import { type InterviewInput, LIMITS, type Problems } from '../../domain/interviewInput.js'
import {
  durationOptions,
  OTHER_END,
  PRESET_LABELS,
  PRESETS,
  type Preset,
  presetTimes,
} from '../../domain/interviewPresets.js'
import { isValidTimeZone } from '../../domain/timeZones.js'
import { canonicalTimeZone } from '../../domain/zoneAliases.js'
import { zonePickerGroups } from '../../domain/zoneLabels.js'
import { CSRF_FIELD } from './forms.js'
import { str } from './interviewPage.js'

// The interview form (new and edit): its body schema, its fields as domain input, and what
// the view needs to render it.

const Many = Type.Optional(
  Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: MAX_INTERVIEWER_ROWS })]),
)

export const InterviewForm = Type.Object({
  company: Type.String({ minLength: 1, maxLength: LIMITS.company }),
  role: Type.String({ minLength: 1, maxLength: LIMITS.role }),
  kind: Type.Enum([...INTERVIEW_KINDS]),
  startsAt: Type.String({ minLength: 1, maxLength: 40 }),
  endsAt: Type.Optional(Type.String({ maxLength: 40 })),
  durationMinutes: Type.Optional(Type.String({ maxLength: 6 })),
  timeZone: Type.String({ maxLength: 64 }),
  location: Type.Optional(Type.String({ maxLength: LIMITS.location })),
  jobUrl: Type.Optional(Type.String({ maxLength: LIMITS.url })),
  notes: Type.Optional(Type.String({ maxLength: LIMITS.notes })),
  outcome: Type.Optional(Type.Enum([...OUTCOMES])),
  interviewerName: Many,
  interviewerTitle: Many,
  interviewerEmail: Many,
  addInterviewer: Type.Optional(Type.String({ maxLength: 10 })),
  ...CSRF_FIELD,
})

export const NewFormQuery = Type.Object({
  when: Type.Optional(Type.Enum([...PRESETS])),
})

const list = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.map((v) => String(v)) : []

/** The "Who interviewed you" rows as posted: the same index across the three repeated fields. */
export function postedRows(body: Record<string, unknown>): InterviewerRow[] {
  const names = list(body.interviewerName)
  const titles = list(body.interviewerTitle)
  const emails = list(body.interviewerEmail)
  const count = Math.min(MAX_INTERVIEWER_ROWS, Math.max(names.length, titles.length, emails.length))
  return Array.from({ length: count }, (_, i) => ({
    name: names[i] ?? '',
    title: titles[i] ?? '',
    email: emails[i] ?? '',
  }))
}

export interface ParsedForm {
  input: InterviewInput
  /** Problems found here, before the domain checks: a zone that is neither IANA nor a known alias. */
  problems: Problems
  /** The submitted values, with the zone as it will be stored, for re-rendering. */
  values: Record<string, unknown>
}

/**
 * The form's strings as domain input. The duration control is the one source of the end: a
 * length in minutes, or "Other end time…" (or blank, from older forms) for the end field.
 */
export function parseInterviewForm(body: Record<string, unknown>): ParsedForm {
  const duration = str(body.durationMinutes)?.trim() ?? ''
  const byEnd = duration === '' || duration === OTHER_END
  const zone = canonicalTimeZone(str(body.timeZone) ?? '')
  const timeZone = zone.ok ? zone.zone : (str(body.timeZone) ?? '')
  return {
    input: {
      company: str(body.company) ?? '',
      role: str(body.role) ?? '',
      kind: str(body.kind) ?? '',
      startsAt: str(body.startsAt) ?? '',
      endsAt: byEnd ? str(body.endsAt) : undefined,
      durationMinutes: byEnd ? undefined : /^\d+$/.test(duration) ? Number(duration) : Number.NaN,
      timeZone,
      location: str(body.location),
      jobUrl: str(body.jobUrl),
      notes: str(body.notes),
      outcome: str(body.outcome),
    },
    problems: zone.ok ? {} : { timeZone: zone.problem },
    values: { ...body, timeZone },
  }
}

export interface FormState {
  interview?: Interview | undefined
  errors?: Problems
  values: Record<string, unknown>
  /** New interviews only: the interviewer rows to show. */
  rows?: InterviewerRow[]
  preset?: Preset
}

/** Two empty rows to start with; the posted ones (plus one, for "Add another") after that. */
export function rowsToShow(posted: InterviewerRow[], addOne: boolean): InterviewerRow[] {
  const rows = posted.length > 0 ? [...posted] : [emptyRow(), emptyRow()]
  if (addOne && rows.length < MAX_INTERVIEWER_ROWS) rows.push(emptyRow())
  return rows
}

/** The new form's values: the preset's times in the user's zone, and the usual defaults. */
export function newFormValues(preset: Preset, now: number, timeZone: string): Record<string, unknown> {
  const times = presetTimes(preset, now, timeZone)
  return {
    kind: 'technical',
    outcome: 'pending',
    timeZone,
    startsAt: times.startsAt,
    endsAt: times.endsAt,
    durationMinutes: times.durationMinutes,
  }
}

/** The edit form's values: local times, and the length when it is a whole number of minutes. */
export function editFormValues(interview: Interview): Record<string, unknown> {
  const minutes = (interview.endsAt - interview.startsAt) / 60_000
  return {
    ...interview,
    startsAt: instantToLocal(interview.startsAt, interview.timeZone),
    endsAt: instantToLocal(interview.endsAt, interview.timeZone),
    durationMinutes: Number.isInteger(minutes) ? String(minutes) : OTHER_END,
  }
}

/** Everything interview-form.eta reads besides the common view data. */
export function formView(app: FastifyInstance, ownZone: string, state: FormState) {
  const now = app.clock.now()
  const values = state.values
  const duration = str(values.durationMinutes) ?? ''
  const zone = str(values.timeZone) ?? ownZone
  return {
    title: state.interview ? `Edit ${state.interview.company}` : 'Log an interview',
    interview: state.interview,
    action: state.interview ? `/interviews/${state.interview.id}` : '/interviews',
    errors: state.errors ?? {},
    // A blank duration (older forms, API-shaped input) means the end field is what counts.
    values: { ...values, durationMinutes: duration === '' ? OTHER_END : duration },
    zoneGroups: zonePickerGroups(ownZone, zone, now),
    durations: durationOptions(duration),
    rows: state.interview ? undefined : (state.rows ?? rowsToShow([], false)),
    maxRows: MAX_INTERVIEWER_ROWS,
    presets: state.interview
      ? undefined
      : PRESETS.map((key) => {
          const times = presetTimes(key, now, isValidTimeZone(zone) ? zone : ownZone)
          return {
            key,
            label: PRESET_LABELS[key],
            href: key === 'just-finished' ? '/interviews/new' : `/interviews/new?when=${key}`,
            current: key === (state.preset ?? 'just-finished'),
            startsAt: times.startsAt,
            startsAtMs: times.startsAtMs,
            durationMinutes: times.durationMinutes,
          }
        }),
  }
}
