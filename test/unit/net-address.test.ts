import { describe, expect, it } from 'vitest'
import { isPublicAddress, urlProblem } from '../../src/domain/netAddress.js'

describe('isPublicAddress', () => {
  // Loopback, private, shared, link-local, unique-local, multicast and reserved addresses, and no address at all.
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::',
    '::1',
    '[::1]',
    'fe80::1%eth0',
    'fd12:3456::1',
    'fc00::1',
    'ff02::1',
    '2001:db8::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'accepts the public address %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true)
    },
  )
})

describe('urlProblem', () => {
  it('wants https, no credentials and no special address literal unless private destinations are allowed', () => {
    const strict = { allowPrivate: false }
    expect(urlProblem('https://ntfy.sh/topic', strict)).toBeUndefined()
    expect(urlProblem('http://ntfy.sh/topic', strict)).toContain('https://')
    expect(urlProblem('https://user:pw@ntfy.sh/topic', strict)).toContain('password')
    expect(urlProblem('https://[::1]/x', strict)).toContain('::1')
    expect(urlProblem('not a url', strict)).toContain('full URL')
    expect(urlProblem('ftp://example.com/', { allowPrivate: true })).toContain('https://')
    expect(urlProblem('http://127.0.0.1:8080/x', { allowPrivate: true })).toBeUndefined()
  })
})
