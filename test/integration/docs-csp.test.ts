import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Agent, createToken } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { signUpUser } from '../helpers/interviews.js'

let ctx: Awaited<ReturnType<typeof createTestApp>>
let agent: Agent
let token: string

beforeAll(async () => {
  ctx = await createTestApp()
  agent = await signUpUser(ctx.app, { email: 'ada@example.com' })
  token = await createToken(agent)
})
afterAll(async () => ctx?.close())

function directives(policy: unknown): Map<string, string[]> {
  expect(typeof policy).toBe('string')
  return new Map(
    (policy as string)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0] !== '')
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  )
}

/** The style sheets the served Swagger UI scripts write into the page as <style> elements. */
async function inlineStylesServed(): Promise<string[]> {
  const styles: string[] = []
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']) {
    const script = await ctx.app.inject({ url: `/docs/static/${file}` })
    expect(script.statusCode).toBe(200)
    for (const m of script.body.matchAll(/createElement\("style",null,("(?:[^"\\]|\\.)*")\)/g))
      styles.push(JSON.parse(m[1]!) as string)
  }
  return styles
}

describe('content security policy', () => {
  it('lets /docs apply exactly the inline styles its scripts write, and nothing inline beyond', async () => {
    const docs = await ctx.app.inject({ url: '/docs' })
    expect(docs.statusCode).toBe(200)
    expect(docs.body).toContain('swagger-ui-bundle.js')
    expect(docs.body).not.toMatch(/<script>|<script [^>]*>[^<\s]|<style|style="/)

    const policy = directives(docs.headers['content-security-policy'])
    const styles = await inlineStylesServed()
    expect(styles.length).toBeGreaterThan(0)
    const hashes = styles.map((css) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`)
    expect(policy.get('style-src')).toEqual(["'self'", ...new Set(hashes)])
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(policy.get('default-src')).toEqual(["'self'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
    expect(policy.has('upgrade-insecure-requests')).toBe(false)
    expect(String(docs.headers['content-security-policy'])).not.toContain('unsafe-inline')
  })

  it('keeps the strict policy, with no inline allowance at all, everywhere else', async () => {
    const responses = [
      await ctx.app.inject({ url: '/login' }),
      await agent.get('/'),
      await agent.get('/settings'),
      await ctx.app.inject({ url: '/nowhere', headers: { accept: 'text/html' } }),
      await ctx.app.inject({ url: '/healthz' }),
      await ctx.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }),
    ]
    for (const response of responses) {
      const header = String(response.headers['content-security-policy'])
      expect(header).not.toContain('unsafe-inline')
      expect(header).not.toContain('sha256-')
      expect(directives(header).get('style-src')).toEqual(["'self'"])
      expect(directives(header).get('script-src')).toEqual(["'self'"])
    }
  })
})
