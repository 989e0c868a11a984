import { type OutboundPolicy, urlProblem } from './netAddress.js'

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Record<string, string> }

export interface PushSubscriptionInput {
  endpoint: string
  p256dh: string
  auth: string
  name: string
}

const MAX_URL = 2000
export const MAX_NAME = 100

const bytesOf = (text: string): Buffer | undefined =>
  /^[A-Za-z0-9_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64url') : undefined

/** A browser's PushSubscription (its toJSON()): an https endpoint, a P-256 point, a 16-byte secret. */
export function checkPushSubscription(
  input: { endpoint: string; keys: { p256dh: string; auth: string }; name?: string | undefined },
  policy: OutboundPolicy,
): Checked<PushSubscriptionInput> {
  const problems: Record<string, string> = {}
  const endpointProblem =
    input.endpoint.length > MAX_URL
      ? `must be at most ${MAX_URL} characters.`
      : urlProblem(input.endpoint, policy)
  if (endpointProblem) problems.endpoint = `The push endpoint ${endpointProblem}`
  const point = bytesOf(input.keys.p256dh)
  if (point?.length !== 65 || point[0] !== 4)
    problems['keys.p256dh'] = 'must be the subscription’s uncompressed P-256 public key in base64url.'
  const secret = bytesOf(input.keys.auth)
  if (secret?.length !== 16)
    problems['keys.auth'] = 'must be the subscription’s 16-byte auth secret in base64url.'
  const name = (input.name ?? '').trim() || 'This browser'
  if (name.length > MAX_NAME) problems.name = `must be at most ${MAX_NAME} characters.`
  if (Object.keys(problems).length > 0) return { ok: false, problems }
  return {
    ok: true,
    value: { endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, name },
  }
}

export function checkName(text: string): Checked<string> {
  const name = text.trim()
  if (name === '') return { ok: false, problems: { name: 'must not be empty.' } }
  if (name.length > MAX_NAME)
    return { ok: false, problems: { name: `must be at most ${MAX_NAME} characters.` } }
  return { ok: true, value: name }
}

export function checkWebhookUrl(text: string, policy: OutboundPolicy): Checked<string> {
  const url = text.trim()
  const problem = url.length > MAX_URL ? `must be at most ${MAX_URL} characters.` : urlProblem(url, policy)
  return problem ? { ok: false, problems: { url: `The webhook URL ${problem}` } } : { ok: true, value: url }
}
