import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { refusesWrite } from '../../src/plugins/auth.js'
import { type AccessContext, coachAccess, ownerAccess } from '../../src/services/access.js'

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
