import { afterEach, describe, expect, it } from 'vitest'
import { createToken, signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'

describe('smoke', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>
  afterEach(async () => ctx?.close())

  it('signs up, sees the dashboard and uses a token', async () => {
    ctx = await createTestApp()
    const agent = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada' })
    const home = await agent.get('/')
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Hello, Ada')
    const token = await createToken(agent)
    const me = await ctx.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })
    expect(me.json()).toMatchObject({ email: 'ada@example.com', name: 'Ada' })
  })
})
