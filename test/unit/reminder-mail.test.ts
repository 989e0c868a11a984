import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'
import {
  formatTimeLeft,
  reminderLabel,
  reminderSubject,
  retryDelayMs,
} from '../../src/domain/reminderPlan.js'
import { checkReminderSettings } from '../../src/domain/reminderSettings.js'
import { composeMail, stableMessageId } from '../../src/mail/compose.js'
import { classifyMailError, MailSendError } from '../../src/mail/errors.js'

const MINUTE = 60_000
const smtpError = (responseCode: number, command: string, code = 'EENVELOPE') =>
  Object.assign(new Error(`${responseCode} nope`), {
    responseCode,
    command,
    code,
    response: `${responseCode} nope`,
  })

describe('classifyMailError', () => {
  it('treats 4xx replies, 503 and 535 (authentication) as temporary', () => {
    for (const [code, command] of [
      [451, 'DATA'],
      [421, 'CONN'],
      [452, 'RCPT TO'],
      [503, 'RCPT TO'],
      [535, 'AUTH PLAIN'],
    ] as const) {
      expect(classifyMailError(smtpError(code, command)).temporary, `${code} ${command}`).toBe(true)
    }
  })

  it('treats 5xx replies to RCPT TO and DATA as permanent, other 5xx as temporary', () => {
    expect(classifyMailError(smtpError(550, 'RCPT TO')).temporary).toBe(false)
    expect(classifyMailError(smtpError(554, 'DATA', 'EMESSAGE')).temporary).toBe(false)
    expect(classifyMailError(smtpError(553, 'MAIL FROM')).temporary).toBe(true)
    expect(classifyMailError(smtpError(530, 'AUTH PLAIN', 'EAUTH')).temporary).toBe(true)
  })

  it('treats connection problems and timeouts as temporary, a malformed envelope as permanent', () => {
    const network = (code: string, originalCode?: string) =>
      Object.assign(new Error(code), { code, originalCode })
    expect(classifyMailError(network('ESOCKET', 'ECONNREFUSED'))).toMatchObject({ temporary: true })
    expect(classifyMailError(network('ESOCKET', 'ECONNRESET')).temporary).toBe(true)
    expect(classifyMailError(network('ETIMEDOUT')).temporary).toBe(true)
    expect(classifyMailError(network('ECONNECTION')).temporary).toBe(true)
    expect(classifyMailError(network('EABORT')).temporary).toBe(true)
    expect(classifyMailError(network('EENVELOPE')).temporary).toBe(false)
    expect(classifyMailError(new Error('something odd')).temporary).toBe(true)
    expect(classifyMailError('a string').temporary).toBe(true)
  })

  it('says what happened in one line', () => {
    expect(classifyMailError(smtpError(550, 'RCPT TO')).message).toBe('550 at RCPT TO: 550 nope')
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), {
      code: 'ESOCKET',
      originalCode: 'ECONNREFUSED',
    })
    expect(classifyMailError(refused).message).toBe('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:25')
    const wrapped = new MailSendError({ temporary: false, message: 'x' }, smtpError(550, 'RCPT TO'))
    expect(classifyMailError(wrapped)).toEqual({ temporary: false, message: 'x' })
    expect(wrapped.responseCode).toBe(550)
  })
})

describe('retryDelayMs', () => {
  it('doubles from one minute and stops at thirty', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => retryDelayMs(n) / MINUTE)).toEqual([
      1, 2, 4, 8, 16, 30, 30, 30,
    ])
  })
})

describe('reminder wording', () => {
  const acme = { company: 'Acme', role: 'Security Analyst' }
  it('names the time left, rounded so a slightly late reminder still reads as its lead', () => {
    expect(reminderSubject('deadline', acme, 4 * 60 * MINUTE)).toBe(
      '4 h left to follow up with Acme (Security Analyst)',
    )
    expect(reminderSubject('deadline', acme, 4 * 60 * MINUTE - 50_000)).toBe(
      '4 h left to follow up with Acme (Security Analyst)',
    )
    expect(reminderSubject('research', acme, 0)).toBe('Research the questions you missed at Acme')
    expect(reminderSubject('overdue', acme, -1)).toBe('Follow-up with Acme is overdue')
    expect(formatTimeLeft(90 * MINUTE)).toBe('1 h 30 min')
    expect(formatTimeLeft(9 * 60 * MINUTE + 61 * 1000)).toBe('9 h')
    expect(formatTimeLeft(12 * MINUTE)).toBe('12 min')
    expect(reminderLabel('deadline', 720)).toBe('12 h before the deadline')
  })
})

describe('checkReminderSettings', () => {
  const base = {
    leads: [240],
    researchEnabled: true,
    overdueEnabled: true,
    quietHours: { start: '22:00', end: '07:00' },
    email: null,
  }
  it('accepts good input, sorting and de-duplicating leads', () => {
    expect(checkReminderSettings({ ...base, leads: [60, 720, 60], email: ' me@example.com ' })).toEqual({
      ok: true,
      value: {
        leads: [720, 60],
        researchEnabled: true,
        overdueEnabled: true,
        quietHours: { start: 1320, end: 420 },
        email: 'me@example.com',
      },
    })
  })
  it('names each bad field', () => {
    const result = checkReminderSettings({
      ...base,
      leads: [2000],
      quietHours: { start: '22:00', end: '22:00' },
      email: 'a@example.com, b@example.com',
    })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(Object.keys(result.problems).sort()).toEqual(['email', 'leads', 'quietHours.end'])
    const clock = checkReminderSettings({ ...base, quietHours: { start: '25:00', end: '7' } })
    expect(clock.ok || Object.keys(clock.problems).sort()).toEqual(['quietHours.end', 'quietHours.start'])
  })
})

describe('composeMail', () => {
  it('addresses exactly one recipient, in the header and the envelope', () => {
    const mail = composeMail(
      { userId: 1, to: { name: 'Ada', address: 'ada@example.com' }, subject: 's', text: 't' },
      'Debrief <debrief@example.com>',
      'https://debrief.example.com',
    )
    expect(mail.envelope).toEqual({ from: 'Debrief <debrief@example.com>', to: ['ada@example.com'] })
    expect(String(mail.messageId)).toMatch(/^<[0-9a-f-]+@debrief\.example\.com>$/)
    expect(() =>
      composeMail(
        { userId: 1, to: { address: 'a@x.com, b@y.com' }, subject: 's', text: 't' },
        'd@x.com',
        'http://x',
      ),
    ).toThrow(/one e-mail address/)
  })
  it('derives stable Message-IDs from BASE_URL', () => {
    expect(stableMessageId('reminder', 42, 'https://debrief.example.com:8443/app')).toBe(
      '<reminder-42@debrief.example.com>',
    )
  })
})

describe('reminder timing configuration', () => {
  const timing = (env: Record<string, string>) => {
    const { smtpTimeoutMs, sendTimeoutMs, reminderLeaseMs } = loadConfig(env)
    return { smtpTimeoutMs, sendTimeoutMs, reminderLeaseMs }
  }
  it('reads seconds, defaults sensibly, and refuses a lease shorter than a send can take', () => {
    expect(timing({})).toEqual({ smtpTimeoutMs: 10_000, sendTimeoutMs: 30_000, reminderLeaseMs: 120_000 })
    expect(timing({ SMTP_TIMEOUT_SECONDS: '2', REMINDER_LEASE_SECONDS: '7' })).toEqual({
      smtpTimeoutMs: 2_000,
      sendTimeoutMs: 6_000,
      reminderLeaseMs: 7_000,
    })
    expect(() => timing({ REMINDER_LEASE_SECONDS: '30' })).toThrow(
      /REMINDER_LEASE_SECONDS \(30\) must be longer than three times SMTP_TIMEOUT_SECONDS \(30\)/,
    )
    expect(() => timing({ SMTP_TIMEOUT_SECONDS: 'soon' })).toThrow(ConfigError)
    expect(() => timing({ SMTP_TIMEOUT_SECONDS: 'soon' })).toThrow(/SMTP_TIMEOUT_SECONDS must be a number/)
  })
})
