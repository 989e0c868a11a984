import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { lazySchemaCompilers } from '../../src/schemaCompilers.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'

const cleanups = cleanupAfterEach()

describe('route schemas, compiled on first use', () => {
  it('every schema of the app compiles', async () => {
    const { app, close } = await createTestApp()
    cleanups.push(close)
    // Validators for params, query and bodies plus the API's response serializers.
    expect(app.compileSchemas()).toBeGreaterThan(100)
    expect(app.compileSchemas()).toBe(0)
  })

  it('validates, coerces and serializes exactly as compiled up front', async () => {
    const schemas = lazySchemaCompilers()
    const app = Fastify()
    cleanups.push(() => app.close())
    app.setValidatorCompiler(schemas.validatorCompiler)
    app.setSerializerCompiler(schemas.serializerCompiler)
    app.post(
      '/echo/:id',
      {
        schema: {
          params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
          body: {
            type: 'object',
            properties: { name: { type: 'string', minLength: 1 } },
            required: ['name'],
            additionalProperties: false,
          },
          response: {
            200: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
          },
        },
      },
      async (request) => ({
        ...(request.params as object),
        ...(request.body as object),
        secret: 'not listed',
      }),
    )
    await app.ready()

    const ok = await app.inject({ method: 'POST', url: '/echo/7', payload: { name: 'Ada' } })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toEqual({ id: 7, name: 'Ada' }) // id coerced; the unlisted field is not serialized
    const bad = await app.inject({ method: 'POST', url: '/echo/7', payload: { name: '' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toMatch(/name/)
    const notNumber = await app.inject({ method: 'POST', url: '/echo/x', payload: { name: 'Ada' } })
    expect(notNumber.statusCode).toBe(400)
  })

  it('names the route of a schema that does not compile', async () => {
    const schemas = lazySchemaCompilers()
    const app = Fastify()
    cleanups.push(() => app.close())
    app.setValidatorCompiler(schemas.validatorCompiler)
    app.get('/broken', { schema: { querystring: { type: 'no such type' } } }, async () => 'never')
    await app.ready()
    expect(() => schemas.compileAll()).toThrow(/GET \/broken querystring schema: .*type/)
  })
})
