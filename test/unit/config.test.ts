import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConfigError, configVariables, loadConfig } from '../../src/config.js'

describe('loadConfig', () => {
  it('has safe defaults: loopback, port 3000, ./data, closed sign-up, local mailbox', () => {
    const config = loadConfig({}, '/srv/debrief')
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      dataDir: '/srv/debrief/data',
      databasePath: '/srv/debrief/data/debrief.sqlite',
      baseUrl: 'http://127.0.0.1:3000',
      smtpUrl: undefined,
      signup: 'closed',
      trustProxy: false,
      logLevel: 'info',
    })
  })

  it('reads every variable', () => {
    const config = loadConfig(
      {
        HOST: '0.0.0.0',
        PORT: '8080',
        DATA_DIR: '/var/lib/debrief',
        DATABASE_PATH: 'db/x.sqlite',
        BASE_URL: 'https://debrief.example.com/',
        SMTP_URL: 'smtps://u:p@mail.example.com:465',
        MAIL_FROM: 'Debrief <noreply@example.com>',
        SESSION_SECRET: 's'.repeat(32),
        TRUST_PROXY: '10.0.0.1,10.0.0.2',
        SIGNUP: 'open',
        LOG_LEVEL: 'debug',
      },
      '/app',
    )
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      dataDir: '/var/lib/debrief',
      databasePath: '/app/db/x.sqlite',
      baseUrl: 'https://debrief.example.com',
      smtpUrl: 'smtps://u:p@mail.example.com:465',
      mailFrom: 'Debrief <noreply@example.com>',
      sessionSecret: 's'.repeat(32),
      trustProxy: '10.0.0.1,10.0.0.2',
      signup: 'open',
      logLevel: 'debug',
    })
  })

  it('reports one clear message per bad value', () => {
    let error: unknown
    try {
      loadConfig({
        PORT: 'eighty',
        BASE_URL: 'ftp://x',
        SMTP_URL: 'mail.example.com',
        MAIL_FROM: 'nobody',
        SESSION_SECRET: 'short',
        TRUST_PROXY: 'maybe',
        SIGNUP: 'sometimes',
        LOG_LEVEL: 'loud',
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    expect(problems).toHaveLength(8)
    for (const name of [
      'PORT',
      'BASE_URL',
      'SMTP_URL',
      'MAIL_FROM',
      'SESSION_SECRET',
      'TRUST_PROXY',
      'SIGNUP',
      'LOG_LEVEL',
    ]) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true)
    }
  })

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be a whole number from 0 to 65535/)
  })

  it('takes a VAPID key pair only whole and well-formed', () => {
    const publicKey = `B${'a'.repeat(86)}`
    const privateKey = 'p'.repeat(43)
    expect(loadConfig({ VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey })).toMatchObject({
      vapidPublicKey: publicKey,
      vapidPrivateKey: privateKey,
    })
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: publicKey })).toThrow(/must be set together/)
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: 'short', VAPID_PRIVATE_KEY: privateKey })).toThrow(
      /VAPID_PUBLIC_KEY must be an uncompressed P-256 public key/,
    )
  })

  it('documents every variable in the README configuration table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    for (const [name, fallback] of configVariables) {
      expect(readme).toMatch(new RegExp(`\\| \`${name}\` \\| \`?${fallback.replace(/[$()]/g, '\\$&')}`))
    }
  })
})
