import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { utf8Bytes } from '../../src/plugins/utf8Bodies.js'

// Node's own encoder is the oracle: a body must leave as exactly the bytes a string body would.
describe('utf8Bytes', () => {
  it('gives the bytes Buffer.from gives, for any text (lone surrogates included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
        expect(utf8Bytes(text).equals(Buffer.from(text, 'utf8'))).toBe(true)
      }),
    )
  })

  it('encodes a body larger than its buffer too, and no earlier body changes when it is reused', () => {
    const page = `<p>Acme — Analyst ${'é🙂'.repeat(70_000)}</p>`
    const first = utf8Bytes(page)
    const fits = utf8Bytes('<p>Acme — fits</p>')
    const second = utf8Bytes('<p>second</p>')
    expect(first.equals(Buffer.from(page))).toBe(true)
    expect(fits.toString()).toBe('<p>Acme — fits</p>')
    expect(second.toString()).toBe('<p>second</p>')
    expect(utf8Bytes(page).toString()).toBe(page)
  })
})
