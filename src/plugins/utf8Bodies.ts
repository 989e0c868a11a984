import fp from 'fastify-plugin'

// Shorter bodies (errors, small JSON answers) cost little either way.
const MIN_LENGTH = 1024

// Room for any page or list (a UTF-16 code unit never takes more than three bytes in UTF-8).
const scratch = Buffer.allocUnsafe(256 * 1024)

/**
 * The UTF-8 bytes of `text`, as `Buffer.from(text)` gives them, encoded in one pass. Given a
 * string body, Fastify measures its UTF-8 length for Content-Length and Node then encodes it
 * on write: two passes over every character, and slow ones (about 50 µs for a 20 KB page, more
 * than a whole bare request costs). Writing into a reused buffer needs no measuring first. A
 * body that might not fit (an export) is encoded on its own, so the buffer never grows to the
 * largest body ever sent.
 */
export function utf8Bytes(text: string): Buffer {
  if (text.length * 3 > scratch.length) return Buffer.from(text)
  const length = scratch.write(text)
  return Buffer.from(scratch.subarray(0, length))
}

/** Pages, JSON lists and calendar feeds leave as bytes encoded once (see utf8Bytes). */
export default fp(
  async (app) => {
    app.addHook('onSend', (_request, _reply, payload, done) => {
      done(null, typeof payload === 'string' && payload.length >= MIN_LENGTH ? utf8Bytes(payload) : payload)
    })
  },
  { name: 'utf8-bodies' },
)
