import { describe, expect, it } from 'vitest'
import { listPhrase, withArticle } from '../../src/domain/wording.js'

describe('a title after "as"', () => {
  it.each([
    ['Pentester', 'a Pentester'],
    ['Senior Pentester', 'a Senior Pentester'],
    ['Engineering Manager', 'an Engineering Manager'],
    ['Incident Responder', 'an Incident Responder'],
    ['Unix Administrator', 'a Unix Administrator'],
    ['hourly contractor', 'an hourly contractor'],
    ['SRE', 'an SRE'],
    ['CISO', 'a CISO'],
    ['MSSP Analyst', 'an MSSP Analyst'],
    ['the Head of Security', 'the Head of Security'],
    ['An Architect', 'An Architect'],
    ['  Red   Teamer ', 'a Red Teamer'],
    ['', ''],
  ])('%j reads %j', (title, expected) => {
    expect(withArticle(title)).toBe(expected)
  })
})

describe('a list of topics', () => {
  it.each([
    [[], ''],
    [['Kerberos'], 'Kerberos'],
    [['Kerberos', 'TLS'], 'Kerberos and TLS'],
    [['Kerberos', 'TLS', 'SIEM tuning'], 'Kerberos, TLS and SIEM tuning'],
    [['Kerberos', ' ', 'TLS'], 'Kerberos and TLS'],
  ])('%j reads %j', (topics, expected) => {
    expect(listPhrase(topics)).toBe(expected)
  })
})
