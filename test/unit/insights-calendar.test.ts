import ical, { type VEvent } from 'node-ical'
import { describe, expect, it } from 'vitest'
import { buildCalendar, type CalendarInterview, interviewEvents } from '../../src/domain/calendar.js'

const base: CalendarInterview = {
  id: 7,
  company: 'Acme; Inc, "Ltd"',
  role: 'Engineer',
  kind: 'technical',
  startsAt: Date.parse('2026-03-10T14:00:00Z'),
  endsAt: Date.parse('2026-03-10T15:00:00Z'),
  timeZone: 'Asia/Kolkata',
  location: '',
  outcome: 'pending',
  followUpState: 'open',
  createdAt: Date.parse('2026-03-01T00:00:00Z'),
  updatedAt: Date.parse('2026-03-02T00:00:00Z'),
}
const options = {
  now: Date.parse('2026-03-02T15:00:00Z'),
  baseUrl: 'https://debrief.example.com/',
  leads: [240],
}

const parse = (text: string) =>
  Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT')

describe('calendar events', () => {
  it('escapes text in alarms as well as in the event', () => {
    const text = buildCalendar([base], options)
    expect(text).toContain('DESCRIPTION:Follow-up for Acme\\; Inc\\, "Ltd" due in 4 h\r\n')
    const [interview, deadline] = parse(text)
    expect(interview!.summary).toBe('Interview: Acme; Inc, "Ltd" — Engineer')
    expect(deadline!.alarms![0]!.description).toBe('Follow-up for Acme; Inc, "Ltd" due in 4 h')
    expect(interview!.url).toBe('https://debrief.example.com/interviews/7')
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true)
  })

  it('has no deadline once the follow-up is done or the process closed', () => {
    expect(interviewEvents({ ...base, followUpState: 'done' }, options)).toHaveLength(1)
    expect(interviewEvents({ ...base, followUpState: 'not_needed' }, options)).toHaveLength(1)
    for (const outcome of ['offer', 'rejected', 'withdrawn'] as const)
      expect(interviewEvents({ ...base, outcome }, options)).toHaveLength(1)
    expect(interviewEvents({ ...base, outcome: 'no_answer' }, options)).toHaveLength(2)
  })

  it('marks an interview withdrawn from before it took place as cancelled', () => {
    expect(interviewEvents({ ...base, outcome: 'withdrawn' }, options)[0]!.status).toBe('CANCELLED')
    const past = {
      ...base,
      outcome: 'withdrawn' as const,
      startsAt: options.now - 7_200_000,
      endsAt: options.now - 3_600_000,
    }
    expect(interviewEvents(past, options)[0]!.status).toBe('CONFIRMED')
  })

  it('raises the sequence with every saved change and lists alarms longest lead first', () => {
    const [before] = interviewEvents(base, options)
    const [after] = interviewEvents({ ...base, updatedAt: base.updatedAt + 5000 }, options)
    expect(after!.sequence! - before!.sequence!).toBe(5)
    const deadline = interviewEvents(base, { ...options, leads: [30, 300, 30, 90] })[1]!
    expect(deadline.alarms!.map((a) => a.trigger)).toEqual([
      { before: true, hours: 5, minutes: 0 },
      { before: true, hours: 1, minutes: 30 },
      { before: true, hours: 0, minutes: 30 },
    ])
  })

  it('builds an empty but valid calendar when there is nothing to show', () => {
    const text = buildCalendar([], options)
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/)
    expect(parse(text)).toEqual([])
  })
})
