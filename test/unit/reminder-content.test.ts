import { describe, expect, it } from 'vitest'
import type { ReminderContext } from '../../src/db/reminders.js'
import { firstName, plainDeadline, renderReminderEmail } from '../../src/scheduler/content.js'

const HOUR = 3_600_000
const BASE = 'https://debrief.example.com/'

function context(overrides: Partial<ReminderContext> = {}): ReminderContext {
  return {
    interview: {
      id: 7,
      company: 'Acme',
      role: 'Security Analyst',
      endsAt: Date.parse('2026-03-02T15:00:00Z'),
      timeZone: 'America/New_York',
      followUpState: 'open',
      outcome: 'pending',
    },
    user: { id: 1, name: 'Ada  Lovelace King', email: 'ada@example.com', timeZone: 'America/New_York' },
    address: 'ada@example.com',
    questions: [
      { id: 41, text: 'How does TLS 1.3 resumption work?', confidence: 'missed' },
      { id: 42, text: 'Explain <script>CSP</script>', confidence: 'shaky' },
    ],
    interviewers: [
      { id: 5, name: 'Grace Hopper', title: 'Staff Engineer', email: 'grace@example.com' },
      { id: 6, name: 'Kai Nakamura', title: '', email: '' },
    ],
    ...overrides,
  }
}

const count = (text: string, part: string) => text.split(part).length - 1

describe('firstName', () => {
  it('takes the first word of the name, or the one word there is', () => {
    expect(firstName('Ada Lovelace')).toBe('Ada')
    expect(firstName('  Grace   Brewster Hopper ')).toBe('Grace')
    expect(firstName('Cher')).toBe('Cher')
  })
})

describe('plainDeadline', () => {
  const deadline = Date.parse('2026-03-03T15:00:00Z') // 10:00 in New York, 00:00 on the 4th in Tokyo

  it('says today, tomorrow or yesterday in the reader zone', () => {
    expect(plainDeadline(deadline, Date.parse('2026-03-03T11:00:00Z'), 'America/New_York')).toBe(
      'Today 10:00, your time',
    )
    // 23:30 on the 2nd in New York: the deadline is tomorrow there.
    expect(plainDeadline(deadline, Date.parse('2026-03-03T04:30:00Z'), 'America/New_York')).toBe(
      'Tomorrow 10:00, your time',
    )
    expect(plainDeadline(deadline, Date.parse('2026-03-04T13:00:00Z'), 'America/New_York')).toBe(
      'Yesterday 10:00, your time',
    )
  })

  it('counts days in the reader zone, not in UTC or the server zone', () => {
    const now = Date.parse('2026-03-03T11:00:00Z') // the 3rd everywhere below
    expect(plainDeadline(deadline, now, 'Asia/Tokyo')).toBe('Tomorrow 00:00, your time')
    expect(plainDeadline(deadline, now, 'Europe/London')).toBe('Today 15:00, your time')
    // Already 01:00 on the 4th there, so the 05:00 deadline is today.
    expect(plainDeadline(deadline, now, 'Pacific/Kiritimati')).toBe('Today 05:00, your time')
  })

  it('names weekday and date further away, with the year only when it differs', () => {
    const now = Date.parse('2026-03-01T12:00:00Z')
    expect(plainDeadline(deadline, now, 'America/New_York')).toBe('Tue 3 Mar, 10:00, your time')
    expect(plainDeadline(Date.parse('2027-01-05T15:00:00Z'), now, 'UTC')).toBe(
      'Tue 5 Jan 2027, 15:00, your time',
    )
  })
})

describe('renderReminderEmail', () => {
  const now = Date.parse('2026-03-03T11:00:00Z') // 4 h before the deadline

  it('greets by first name and says the time left once, on the plain deadline line', () => {
    const mail = renderReminderEmail('deadline', context(), now, BASE)
    expect(mail.subject).toBe('4 h left to follow up with Acme (Security Analyst)')
    // The HTML document's <title> is the subject; the body is what is read.
    const htmlBody = mail.html.slice(mail.html.indexOf('<body'))
    for (const part of [mail.text, htmlBody]) {
      expect(part).toContain('Hi Ada,')
      expect(part).not.toContain('Lovelace')
      expect(count(part, '4 h left')).toBe(1)
      expect(part).not.toContain('America/New_York')
      expect(part).not.toContain('UTC')
    }
    expect(mail.text).toContain('Hi Ada,\n\nDeadline: Today 10:00, your time (4 h left)\n')
    expect(mail.html).toContain('Deadline: <strong>Today 10:00, your time</strong> (4 h left)')
  })

  it('links each question to its research page', () => {
    const mail = renderReminderEmail('research', context(), now, BASE)
    expect(mail.html).toContain(
      '<a href="https://debrief.example.com/questions/41">How does TLS 1.3 resumption work?</a>',
    )
    expect(mail.html).toContain(
      '<a href="https://debrief.example.com/questions/42">Explain &lt;script&gt;CSP&lt;/script&gt;</a>',
    )
    expect(mail.text).toContain(
      '  - How does TLS 1.3 resumption work? (missed)\n    https://debrief.example.com/questions/41\n',
    )
  })

  it('says which interviewer has no e-mail address, and only that one', () => {
    const mail = renderReminderEmail('overdue', context(), now + 6 * HOUR, BASE)
    expect(mail.text).toContain(
      'Kai has no e-mail address yet — add one to send their note: https://debrief.example.com/interviewers/6/edit',
    )
    expect(mail.html).toContain(
      'Kai has no e-mail address yet — <a href="https://debrief.example.com/interviewers/6/edit">add one</a> to send their note.',
    )
    expect(mail.text).not.toContain('Grace has no e-mail')
    expect(mail.text).toContain('Deadline: Today 10:00, your time (passed 2 h ago)')
  })

  it('says nothing about e-mail addresses when every interviewer has one', () => {
    const mail = renderReminderEmail(
      'deadline',
      context({ interviewers: [{ id: 5, name: 'Grace Hopper', title: '', email: 'grace@example.com' }] }),
      now,
      BASE,
    )
    expect(mail.text).not.toContain('no e-mail address')
    expect(mail.html).not.toContain('no e-mail address')
  })
})
