import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isSingleAddress as draftsIsSingleAddress } from '../../src/domain/draftChecks.js'
import { EMAIL_MAX, emailAddressProblem, isSingleAddress } from '../../src/domain/emailAddress.js'
import { emailProblem } from '../../src/domain/interviewInput.js'
import {
  checkReminderSettings,
  isSingleAddress as settingsIsSingleAddress,
} from '../../src/domain/reminderSettings.js'

const ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-"
const LABEL_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789'

const atom = fc.string({ unit: fc.constantFrom(...ATEXT), minLength: 1, maxLength: 10 })
const localPart = fc.array(atom, { minLength: 1, maxLength: 3 }).map((atoms) => atoms.join('.'))
const label = fc.string({ unit: fc.constantFrom(...LABEL_CHARS), minLength: 1, maxLength: 12 })
const topLevel = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
  minLength: 2,
  maxLength: 6,
})
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), topLevel)
  .map(([labels, tld]) => [...labels, tld].join('.'))
const address = fc.tuple(localPart, domain).map(([local, host]) => `${local}@${host}`)

describe('the one e-mail address rule', () => {
  it('accepts every dot-atom address on a domain of two or more labels', () => {
    fc.assert(
      fc.property(address, (value) => {
        expect(emailAddressProblem(value)).toBeUndefined()
        expect(isSingleAddress(value)).toBe(true)
      }),
    )
  })

  it('refuses any valid address joined to another one, a header, a display name or a space', () => {
    const joiner = fc.constantFrom(',', ';', '\r\n', '\n', ' ', '\t', '>', '<', '"', '(', ')')
    fc.assert(
      fc.property(address, joiner, address, (a, glue, b) => {
        expect(isSingleAddress(`${a}${glue}${b}`)).toBe(false)
      }),
    )
    fc.assert(
      fc.property(address, (a) => {
        expect(isSingleAddress(`Name <${a}>`)).toBe(false)
      }),
    )
  })

  it('refuses a domain without a dot and a local part with an empty atom', () => {
    fc.assert(
      fc.property(localPart, label, (local, host) => {
        expect(emailAddressProblem(`${local}@${host}`)).toMatch(/after @/)
        expect(emailAddressProblem(`${local}..x@example.com`)).toMatch(/before @/)
      }),
    )
  })

  it('refuses an address longer than SMTP carries', () => {
    const long = `a@${'b'.repeat(EMAIL_MAX - 5)}.com`
    expect(long.length).toBe(EMAIL_MAX + 1)
    expect(emailAddressProblem(long)).toMatch(/at most 254/)
  })

  it('is the rule of interviewers, drafts and reminder settings alike', () => {
    const samples = fc.oneof(
      address,
      fc.string({ maxLength: 30 }),
      fc.tuple(address, fc.string({ maxLength: 3 })).map(([a, s]) => a + s),
      fc.constantFrom('sam@localhost', 'a@b', 'x@y.z', 'a@b.com,c@d.com'),
    )
    fc.assert(
      fc.property(samples, (value) => {
        const single = isSingleAddress(value)
        expect(emailProblem(value) === undefined).toBe(single)
        expect(draftsIsSingleAddress(value)).toBe(single)
        expect(settingsIsSingleAddress(value)).toBe(single)
      }),
    )
    // The reminder address used to pass with any dotted host; now it follows the same rule.
    const settings = (email: string) =>
      checkReminderSettings({
        leads: [240],
        researchEnabled: true,
        overdueEnabled: true,
        quietHours: null,
        email,
      })
    expect(settings('ada@example.com').ok).toBe(true)
    expect(settings('ada@example.c').ok).toBe(false)
  })
})
