import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import webPush from 'web-push'

export interface VapidKeys {
  publicKey: string
  privateKey: string
}

const valid = (keys: Partial<VapidKeys> | undefined): keys is VapidKeys =>
  typeof keys?.publicKey === 'string' &&
  /^[A-Za-z0-9_-]{87}$/.test(keys.publicKey) &&
  typeof keys.privateKey === 'string' &&
  /^[A-Za-z0-9_-]{43}$/.test(keys.privateKey)

/**
 * The VAPID key pair push services know this install by. Generated once and kept: a new pair
 * would invalidate every browser's subscription.
 */
export function resolveVapidKeys(configured: Partial<VapidKeys>, dataDir: string): VapidKeys {
  if (valid(configured)) return configured
  const file = join(dataDir, 'vapid-keys.json')
  if (existsSync(file)) {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<VapidKeys>
      if (valid(stored)) return { publicKey: stored.publicKey, privateKey: stored.privateKey }
    } catch {
      // An unreadable file is replaced; the browsers subscribe again.
    }
  }
  mkdirSync(dataDir, { recursive: true })
  const keys = webPush.generateVAPIDKeys()
  writeFileSync(file, `${JSON.stringify({ publicKey: keys.publicKey, privateKey: keys.privateKey })}\n`, {
    mode: 0o600,
  })
  chmodSync(file, 0o600)
  return { publicKey: keys.publicKey, privateKey: keys.privateKey }
}
