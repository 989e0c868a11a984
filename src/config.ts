import { isAbsolute, join, resolve } from 'node:path'

export type SignupMode = 'open' | 'closed'

export interface Config {
  host: string
  port: number
  dataDir: string
  databasePath: string
  baseUrl: string
  smtpUrl: string | undefined
  mailFrom: string
  /** undefined → generated once and persisted in dataDir (see sessionSecret.ts) */
  sessionSecret: string | undefined
  trustProxy: boolean | string
  signup: SignupMode
  logLevel: string
  /** Connection, greeting and socket timeout of the SMTP client. */
  smtpTimeoutMs: number
  /** Upper bound for one send: connect + greeting + the exchange, each bounded by smtpTimeoutMs. */
  sendTimeoutMs: number
  /** How long a reminder being sent stays reserved for the process sending it. */
  reminderLeaseMs: number
  /** How long a send from Debrief waits, undoable, before it goes out; 0 sends at once. */
  sendUndoMs: number
  /** Both set, or both undefined → generated once into dataDir (see vapidKeys.ts). */
  vapidPublicKey: string | undefined
  vapidPrivateKey: string | undefined
  /** The contact push services see in the VAPID token (mailto: or https:). */
  vapidSubject: string
  /** Webhooks and push endpoints may be plain http and private or loopback addresses. */
  webhookAllowPrivate: boolean
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** The environment variables Debrief reads, with defaults and meaning (a test checks README's table lists each one). */
export const configVariables = [
  ['HOST', '127.0.0.1', 'Interface to listen on. Use 0.0.0.0 only behind a reverse proxy.'],
  ['PORT', '3000', 'TCP port to listen on.'],
  ['DATA_DIR', './data', 'Directory for the database and the generated session secret.'],
  ['DATABASE_PATH', '$DATA_DIR/debrief.sqlite', 'SQLite database file.'],
  ['BASE_URL', 'http://$HOST:$PORT', 'Public URL, used in links inside emails; https makes cookies Secure.'],
  [
    'SMTP_URL',
    'unset',
    'e.g. smtps://user:pass@mail.example.com:465. Unset: mail goes to the in-app Mailbox.',
  ],
  [
    'MAIL_FROM',
    'Debrief <debrief@localhost>',
    "From address of reminders; notes sent from Debrief use its address with the user's name.",
  ],
  [
    'SESSION_SECRET',
    'generated',
    'At least 32 characters. Unset: generated once into $DATA_DIR/session-secret (mode 0600).',
  ],
  ['TRUST_PROXY', 'false', 'true, false, or a comma-separated list of proxy addresses/CIDRs.'],
  [
    'SIGNUP',
    'closed',
    'open lets anyone create an account; the very first account can always be created (admin).',
  ],
  ['LOG_LEVEL', 'info', `One of ${LOG_LEVELS.join(', ')}.`],
  [
    'SMTP_TIMEOUT_SECONDS',
    '10',
    'Connection, greeting and socket timeout of the SMTP client; one send is abandoned after three times this.',
  ],
  [
    'REMINDER_LEASE_SECONDS',
    '120',
    'How long a reminder being sent stays reserved; one left behind by a crash is retried after this. Must exceed 3 × SMTP_TIMEOUT_SECONDS.',
  ],
  [
    'SEND_UNDO_SECONDS',
    '30',
    'How long a note sent from Debrief can still be undone before it goes out (0 to 600; 0 sends at once).',
  ],
  [
    'VAPID_PUBLIC_KEY',
    'generated',
    'Web Push (VAPID) public key, base64url. Unset together with VAPID_PRIVATE_KEY: a key pair is generated once into $DATA_DIR/vapid-keys.json (mode 0600).',
  ],
  ['VAPID_PRIVATE_KEY', 'generated', 'Web Push (VAPID) private key, base64url; set both or neither.'],
  [
    'VAPID_SUBJECT',
    'BASE_URL if https, else mailto: MAIL_FROM',
    'Contact for push services, a mailto: or https: URL.',
  ],
  [
    'WEBHOOK_ALLOW_PRIVATE',
    'false',
    'true lets webhooks and push endpoints use plain http and loopback, private or link-local addresses (for a receiver on your own network).',
  ],
] as const

/** Three timeouts (connect, greeting, exchange) bound one send. */
export const sendTimeoutFor = (smtpTimeoutMs: number) => 3 * smtpTimeoutMs

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = []
  const read = (name: string): string | undefined => {
    const value = env[name]
    return value === undefined || value.trim() === '' ? undefined : value.trim()
  }

  const host = read('HOST') ?? '127.0.0.1'

  let port = 3000
  const portText = read('PORT')
  if (portText !== undefined) {
    port = Number(portText)
    if (!/^\d+$/.test(portText) || port < 0 || port > 65535) {
      problems.push(`PORT must be a whole number from 0 to 65535, got "${portText}".`)
    }
  }

  const dataDirText = read('DATA_DIR') ?? './data'
  const dataDir = isAbsolute(dataDirText) ? dataDirText : resolve(cwd, dataDirText)
  const dbText = read('DATABASE_PATH')
  const databasePath = dbText
    ? isAbsolute(dbText)
      ? dbText
      : resolve(cwd, dbText)
    : join(dataDir, 'debrief.sqlite')

  const baseUrlText = read('BASE_URL')
  let baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  if (baseUrlText !== undefined) {
    if (isHttpUrl(baseUrlText)) baseUrl = baseUrlText.replace(/\/+$/, '')
    else problems.push(`BASE_URL must be an http:// or https:// URL, got "${baseUrlText}".`)
  }

  const smtpUrl = read('SMTP_URL')
  if (smtpUrl !== undefined) {
    let ok = false
    try {
      ok = ['smtp:', 'smtps:'].includes(new URL(smtpUrl).protocol)
    } catch {}
    if (!ok) problems.push('SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465.')
  }

  const mailFrom = read('MAIL_FROM') ?? 'Debrief <debrief@localhost>'
  if (/[\r\n]/.test(mailFrom) || !/@/.test(mailFrom)) {
    problems.push(
      `MAIL_FROM must be one email address such as "Debrief <debrief@example.com>", got "${mailFrom}".`,
    )
  }

  const sessionSecret = read('SESSION_SECRET')
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long (or unset it to have one generated).')
  }

  let trustProxy: boolean | string = false
  const trustText = read('TRUST_PROXY')
  if (trustText !== undefined) {
    if (trustText === 'true') trustProxy = true
    else if (trustText === 'false') trustProxy = false
    else if (/^[0-9a-fA-F.:/,\s]+$/.test(trustText)) trustProxy = trustText
    else
      problems.push(
        `TRUST_PROXY must be true, false or a comma-separated list of addresses, got "${trustText}".`,
      )
  }

  const signupText = read('SIGNUP') ?? 'closed'
  if (signupText !== 'open' && signupText !== 'closed') {
    problems.push(`SIGNUP must be "open" or "closed", got "${signupText}".`)
  }

  const logLevel = read('LOG_LEVEL') ?? 'info'
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}".`)
  }

  const seconds = (name: string, fallback: number, min: number, max: number): number => {
    const text = read(name)
    if (text === undefined) return fallback
    const value = Number(text)
    if (!/^\d+(\.\d+)?$/.test(text) || value < min || value > max) {
      problems.push(`${name} must be a number of seconds from ${min} to ${max}, got "${text}".`)
      return fallback
    }
    return value
  }
  const smtpTimeoutMs = seconds('SMTP_TIMEOUT_SECONDS', 10, 0.1, 300) * 1000
  const reminderLeaseMs = seconds('REMINDER_LEASE_SECONDS', 120, 1, 86_400) * 1000
  const sendTimeoutMs = sendTimeoutFor(smtpTimeoutMs)
  const sendUndoMs = seconds('SEND_UNDO_SECONDS', 30, 0, 600) * 1000
  if (reminderLeaseMs <= sendTimeoutMs) {
    problems.push(
      `REMINDER_LEASE_SECONDS (${reminderLeaseMs / 1000}) must be longer than three times SMTP_TIMEOUT_SECONDS (${sendTimeoutMs / 1000}), ` +
        'or a slow send could be taken over by another process and delivered twice.',
    )
  }

  const vapidPublicKey = read('VAPID_PUBLIC_KEY')
  const vapidPrivateKey = read('VAPID_PRIVATE_KEY')
  if ((vapidPublicKey === undefined) !== (vapidPrivateKey === undefined))
    problems.push(
      'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together (or both unset to have a pair generated).',
    )
  if (vapidPublicKey !== undefined && !/^[A-Za-z0-9_-]{87}$/.test(vapidPublicKey))
    problems.push('VAPID_PUBLIC_KEY must be an uncompressed P-256 public key in base64url (87 characters).')
  if (vapidPrivateKey !== undefined && !/^[A-Za-z0-9_-]{43}$/.test(vapidPrivateKey))
    problems.push('VAPID_PRIVATE_KEY must be a P-256 private key in base64url (43 characters).')
  const fromAddress = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim()
  // A bad MAIL_FROM is reported above; the default subject must not report it twice.
  const mailAddress = /^\S+@\S+$/.test(fromAddress) ? fromAddress : 'debrief@localhost'
  const vapidSubject =
    read('VAPID_SUBJECT') ?? (baseUrl.startsWith('https://') ? baseUrl : `mailto:${mailAddress}`)
  if (!/^(mailto:\S+@\S+|https:\/\/\S+)$/.test(vapidSubject))
    problems.push(`VAPID_SUBJECT must be a mailto: or https: URL, got "${vapidSubject}".`)
  const allowPrivateText = read('WEBHOOK_ALLOW_PRIVATE') ?? 'false'
  if (allowPrivateText !== 'true' && allowPrivateText !== 'false')
    problems.push(`WEBHOOK_ALLOW_PRIVATE must be true or false, got "${allowPrivateText}".`)

  if (problems.length > 0) throw new ConfigError(problems)
  return {
    host,
    port,
    dataDir,
    databasePath,
    baseUrl,
    smtpUrl,
    mailFrom,
    sessionSecret,
    trustProxy,
    signup: signupText as SignupMode,
    logLevel,
    smtpTimeoutMs,
    sendTimeoutMs,
    reminderLeaseMs,
    sendUndoMs,
    vapidPublicKey,
    vapidPrivateKey,
    vapidSubject,
    webhookAllowPrivate: allowPrivateText === 'true',
  }
}
