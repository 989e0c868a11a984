import { lookup } from 'node:dns/promises'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { isPublicAddress, type OutboundPolicy, urlProblem } from '../../domain/netAddress.js'

export type { OutboundPolicy }

/** Longest a request to a webhook or push service may take, connect to last byte. */
export const OUTBOUND_TIMEOUT_MS = 10_000
const MAX_RESPONSE_BYTES = 4096

/** The destination is not allowed (special address, plain http): retrying cannot help. */
export class DestinationRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DestinationRefusedError'
  }
}

export interface OutboundResponse {
  status: number
  /** The first few KB of the answer, for the error shown to the user. */
  text: string
}

/**
 * Resolves the host once, refuses it unless every address is public, and connects to the
 * checked address only, so a DNS answer that changes between check and connect (rebinding)
 * cannot redirect the request. Checked again on every send.
 */
async function pinnedAddress(
  host: string,
  policy: OutboundPolicy,
): Promise<{ address: string; family: number }> {
  const bare = host.replace(/^\[|\]$/g, '')
  const family = isIP(bare)
  const addresses =
    family !== 0 ? [{ address: bare, family }] : await lookup(bare, { all: true, verbatim: true })
  const first = addresses[0]
  if (!first) throw new Error(`${host} has no address.`)
  if (!policy.allowPrivate) {
    const refused = addresses.find((a) => !isPublicAddress(a.address))
    if (refused)
      throw new DestinationRefusedError(
        `Not sent: ${host} resolves to ${refused.address}, a private or special address. ` +
          'The operator can allow such addresses with WEBHOOK_ALLOW_PRIVATE=true.',
      )
  }
  return first
}

/** POSTs to the URL, pinned to the checked address, bounded by OUTBOUND_TIMEOUT_MS and the signal. */
export async function postPinned(
  target: string,
  headers: Record<string, string>,
  body: Buffer,
  policy: OutboundPolicy,
  signal: AbortSignal,
): Promise<OutboundResponse> {
  const problem = urlProblem(target, policy)
  if (problem) throw new DestinationRefusedError(`Not sent: the URL ${problem}`)
  const url = new URL(target)
  const pinned = await pinnedAddress(url.hostname, policy)
  const pinnedLookup: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [pinned])
    else callback(null, pinned.address, pinned.family)
  }
  const client = url.protocol === 'https:' ? https : http
  return new Promise<OutboundResponse>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(body.length) },
        lookup: pinnedLookup,
        signal: AbortSignal.any([signal, AbortSignal.timeout(OUTBOUND_TIMEOUT_MS)]),
        timeout: OUTBOUND_TIMEOUT_MS,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk)
          size += chunk.length
        })
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES),
          }),
        )
        response.on('error', reject)
      },
    )
    request.on('timeout', () =>
      request.destroy(new Error(`No answer within ${OUTBOUND_TIMEOUT_MS / 1000} s.`)),
    )
    request.on('error', reject)
    request.end(body)
  })
}
