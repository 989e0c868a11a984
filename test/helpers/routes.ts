import diagnostics from 'node:diagnostics_channel'
import type { FastifyInstance, RouteOptions } from 'fastify'

/** One method of a route as Fastify registered it. */
export interface RegisteredRoute {
  method: string
  url: string
  /** The route's options object, read after start-up: later onRoute hooks may still change it. */
  options: RouteOptions
}

/**
 * Runs `build` while listening on Fastify's "fastify.initialization" channel, which announces
 * every instance as it is created, and adds an onRoute hook to it there: the routes Fastify
 * actually registered, whatever plugin registered them, never a hand-written list.
 */
export async function recordingRoutes<T>(
  build: () => Promise<T>,
): Promise<{ result: T; routes: RegisteredRoute[] }> {
  const routes: RegisteredRoute[] = []
  const channel = diagnostics.channel('fastify.initialization')
  const onInit = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance }
    fastify.addHook('onRoute', (options) => {
      const methods = Array.isArray(options.method) ? options.method : [options.method]
      for (const method of methods) routes.push({ method, url: options.url, options })
    })
  }
  channel.subscribe(onInit)
  try {
    return { result: await build(), routes }
  } finally {
    channel.unsubscribe(onInit)
  }
}

interface JsonSchema {
  type?: string
  const?: unknown
  enum?: unknown[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  minItems?: number
  minimum?: number
  minLength?: number
  format?: string
}

function sample(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const
  if (Array.isArray(schema.enum)) return schema.enum[0]
  const union = schema.anyOf ?? schema.oneOf
  if (union) return sample(union.find((s) => s.type !== 'null') ?? union[0]!)
  switch (schema.type) {
    case 'object': {
      const value: Record<string, unknown> = {}
      for (const key of schema.required ?? []) value[key] = sample(schema.properties?.[key] ?? {})
      return value
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}))
    case 'integer':
    case 'number':
      return schema.minimum ?? 1
    case 'boolean':
      return true
    default:
      return schema.format === 'email' ? 'x@example.com' : 'x'.repeat(Math.max(1, schema.minLength ?? 1))
  }
}

/**
 * The smallest body the route's schema accepts (its required fields, each with the first value
 * it allows), so a request is refused for who sends it and never merely for what it carries.
 */
export function sampleBody(route: RegisteredRoute): Record<string, unknown> | undefined {
  const schema = route.options.schema?.body as JsonSchema | undefined
  if (!schema) return undefined
  const body = sample(schema) as Record<string, unknown>
  delete body._csrf
  return body
}

/** A body as a browser form sends it. */
export function formEncoded(body: Record<string, unknown> = {}): string {
  const form = new URLSearchParams()
  for (const [key, value] of Object.entries(body))
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, String(v))
  return form.toString()
}
