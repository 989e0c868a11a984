import { BlockList, isIP } from 'node:net'

// Special-purpose ranges (IANA IPv4/IPv6 special-purpose registries): loopback, private, shared,
// link-local (cloud metadata lives at 169.254.169.254), documentation, benchmarking, multicast,
// reserved. A request from the server to any of them could reach what only the server should.
const special = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  special.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  special.addSubnet(net, prefix, 'ipv6')

/** IPv4 carried inside IPv6 (::ffff:a.b.c.d, ::a.b.c.d) is judged as the IPv4 address it is. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^::(?:ffff(?::0{1,4})?:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  if (match) return match[1]
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address)
  if (!hex) return undefined
  const high = Number.parseInt(hex[1] ?? '0', 16)
  const low = Number.parseInt(hex[2] ?? '0', 16)
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`
}

/** true for an address on the public internet; false for loopback, private, link-local and other special ranges. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const family = isIP(bare)
  if (family === 0) return false
  if (family === 6) {
    const v4 = embeddedIpv4(bare)
    if (v4 !== undefined) return isIP(v4) === 4 && !special.check(v4, 'ipv4')
    if (/^::ffff:/i.test(bare) || /^::[0-9a-f]/i.test(bare)) return false
    return !special.check(bare, 'ipv6')
  }
  return !special.check(bare, 'ipv4')
}

export interface OutboundPolicy {
  /** WEBHOOK_ALLOW_PRIVATE: private and loopback addresses and plain http are allowed. */
  allowPrivate: boolean
}

/** The URL must be https (or http when private destinations are allowed); returns why not, or undefined. */
export function urlProblem(text: string, policy: OutboundPolicy): string | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'must be a full URL such as https://ntfy.sh/your-topic.'
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:'))
    return 'must start with https://.'
  if (url.username || url.password) return 'must not contain a user name or password.'
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!policy.allowPrivate && isIP(host) !== 0 && !isPublicAddress(host))
    return `points to ${host}, a private or special address (the operator can allow such addresses with WEBHOOK_ALLOW_PRIVATE=true).`
  return undefined
}
