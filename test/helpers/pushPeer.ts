import {
  createDecipheriv,
  createECDH,
  createHmac,
  createPublicKey,
  type ECDH,
  randomBytes,
  verify,
} from 'node:crypto'
import { HttpPeer, type ReceivedRequest } from './httpPeer.js'

const b64url = (buffer: Buffer) => buffer.toString('base64url')
const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest()

/** A browser's side of a push subscription: a real P-256 key pair and a random 16-byte auth secret. */
export class TestSubscription {
  readonly ecdh: ECDH = createECDH('prime256v1')
  readonly auth = randomBytes(16)
  constructor() {
    this.ecdh.generateKeys()
  }
  get p256dh(): string {
    return b64url(this.ecdh.getPublicKey())
  }
  get authSecret(): string {
    return b64url(this.auth)
  }

  /** RFC 8291 with RFC 8188 aes128gcm: the plaintext of one push message body. */
  decrypt(body: Buffer): string {
    const salt = body.subarray(0, 16)
    const recordSize = body.readUInt32BE(16)
    const idLength = body.readUInt8(20)
    const senderPublic = body.subarray(21, 21 + idLength)
    const ciphertext = body.subarray(21 + idLength)
    if (recordSize < 18 || ciphertext.length > recordSize) throw new Error('expected a single record')
    const receiverPublic = this.ecdh.getPublicKey()
    const shared = this.ecdh.computeSecret(senderPublic)
    // IKM = HKDF(auth, ecdh_secret, "WebPush: info" 0x00 ua_public as_public, 32)
    const prkKey = hmac(this.auth, shared)
    const keyInfo = Buffer.concat([
      Buffer.from('WebPush: info\0'),
      receiverPublic,
      senderPublic,
      Buffer.from([1]),
    ])
    const ikm = hmac(prkKey, keyInfo)
    const prk = hmac(salt, ikm)
    const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01', 'binary')).subarray(0, 16)
    const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01', 'binary')).subarray(0, 12)
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce)
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16))
    const padded = Buffer.concat([
      decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
      decipher.final(),
    ])
    let end = padded.length - 1
    while (end >= 0 && padded[end] === 0) end--
    // The last (only) record ends with the delimiter 0x02 before any padding.
    if (padded[end] !== 2) throw new Error('missing the last-record delimiter')
    return padded.subarray(0, end).toString('utf8')
  }
}

export interface VerifiedPush {
  claims: { aud: string; exp: number; sub: string }
  vapidKey: string
  payload: string
  headers: ReceivedRequest['headers']
}

/**
 * A push service on 127.0.0.1: checks the VAPID token (RFC 8292: ES256 JWT for this origin,
 * signed by the key in k=), decrypts the payload and records it. Requests that do not verify
 * get 401/400 and are recorded in `rejected`.
 */
export class PushPeer {
  readonly delivered: VerifiedPush[] = []
  readonly rejected: string[] = []
  private readonly statuses: number[] = []
  private readonly http: HttpPeer
  readonly subscriptions = new Map<string, TestSubscription>()
  /** Endpoints answered with 410 Gone, as after the browser unsubscribed. */
  readonly gone = new Set<string>()
  /** Endpoints answered with 404 Not Found, as for a subscription the push service never had or expired. */
  readonly unknown = new Set<string>()

  constructor() {
    this.http = new HttpPeer((request) => this.handle(request))
  }

  answerNext(...statuses: number[]): void {
    this.statuses.push(...statuses)
  }

  get origin(): string {
    return `http://127.0.0.1:${this.http.port}`
  }

  /** A new subscription whose endpoint is on this peer. */
  subscribe(): { endpoint: string; subscription: TestSubscription } {
    const subscription = new TestSubscription()
    const path = `/push/${randomBytes(8).toString('hex')}`
    this.subscriptions.set(path, subscription)
    return { endpoint: `${this.origin}${path}`, subscription }
  }

  async start(): Promise<this> {
    await this.http.start()
    return this
  }

  stop(): Promise<void> {
    return this.http.stop()
  }

  private handle(request: ReceivedRequest): number {
    try {
      const subscription = this.subscriptions.get(request.url)
      if (!subscription) throw new Error(`unknown endpoint ${request.url}`)
      const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(request.headers.authorization))
      if (!match) throw new Error(`no VAPID authorization: ${request.headers.authorization}`)
      const [token, key] = [match[1]!, match[2]!]
      const [header, claims, signature] = token.split('.')
      if (!header || !claims || !signature) throw new Error('malformed JWT')
      if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'ES256')
        throw new Error('not ES256')
      const point = Buffer.from(key, 'base64url')
      const publicKey = createPublicKey({
        key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) },
        format: 'jwk',
      })
      const valid = verify(
        'sha256',
        Buffer.from(`${header}.${claims}`),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      )
      if (!valid) throw new Error('VAPID signature does not verify')
      const parsed = JSON.parse(Buffer.from(claims, 'base64url').toString()) as VerifiedPush['claims']
      if (parsed.aud !== this.origin) throw new Error(`audience ${parsed.aud} is not ${this.origin}`)
      if (!(parsed.exp * 1000 > Date.now())) throw new Error('VAPID token expired')
      if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm')
      if (!request.headers.ttl) throw new Error('no TTL')
      const payload = subscription.decrypt(request.body)
      const endpoint = `${this.origin}${request.url}`
      const status = this.gone.has(endpoint)
        ? 410
        : this.unknown.has(endpoint)
          ? 404
          : (this.statuses.shift() ?? 201)
      if (status < 300)
        this.delivered.push({ claims: parsed, vapidKey: key, payload, headers: request.headers })
      return status
    } catch (error) {
      this.rejected.push((error as Error).message)
      return 400
    }
  }
}
