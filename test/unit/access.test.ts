import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { refusesWrite } from '../../src/plugins/auth.js'
import { type AccessContext, coachAccess, ownerAccess, READ_ONLY_MESSAGE } from '../../src/services/access.js'
import { ownerOnly } from '../../src/services/checks.js'
import { ok } from '../../src/services/result.js'

const request = (method: string, access: AccessContext | null, comment?: boolean) =>
  ({
    method,
    access,
    routeOptions: { config: comment === undefined ? {} : { comment } },
  }) as unknown as FastifyRequest

describe('access contexts', () => {
  it('lets the owner change their own data', () => {
    const access = ownerAccess(7)
    expect(access).toMatchObject({ actorId: 7, ownerId: 7, mayWrite: true })
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(refusesWrite(request(method, access))).toBe(false)
  })

  it("refuses a coach's writes but not reads or comments", () => {
    const access = coachAccess(3, 7)
    expect(access).toMatchObject({ actorId: 3, ownerId: 7, mayWrite: false, mayComment: true })
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(refusesWrite(request(method, access))).toBe(true)
      expect(refusesWrite(request(method, access, false))).toBe(true)
      expect(refusesWrite(request(method, access, true))).toBe(false)
    }
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(refusesWrite(request(method, access))).toBe(false)
  })

  it('leaves requests without a login to the login check', () => {
    expect(refusesWrite(request('POST', null))).toBe(false)
  })
})

describe('ownerOnly', () => {
  const calls: string[] = []
  const methods = ownerOnly({
    rename: (_access: AccessContext, name: string) => {
      calls.push(`rename ${name}`)
      return ok(name)
    },
    async save(_access: AccessContext, name: string) {
      calls.push(`save ${name}`)
      return ok(name)
    },
  })
  const refusal = { ok: false, error: 'forbidden', message: READ_ONLY_MESSAGE }

  it('refuses a reader before the method runs, a promise for an async method and a value otherwise', async () => {
    calls.length = 0
    const reader = coachAccess(2, 1)
    expect(methods.rename(reader, 'a')).toEqual(refusal)
    const saved = methods.save(reader, 'b')
    expect(saved).toBeInstanceOf(Promise)
    expect(await saved).toEqual(refusal)
    expect(calls).toEqual([])
  })

  it("runs the owner's calls with their arguments", async () => {
    calls.length = 0
    expect(methods.rename(ownerAccess(1), 'a')).toEqual(ok('a'))
    expect(await methods.save(ownerAccess(1), 'b')).toEqual(ok('b'))
    expect(calls).toEqual(['rename a', 'save b'])
  })
})
