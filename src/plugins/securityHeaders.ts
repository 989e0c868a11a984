import type { FastifyInstance } from 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Replaces some of the default security headers on one route (e.g. a looser
     * Content-Security-Policy for a page that needs it); `false` for a header leaves it out.
     * A handler or an onSend hook may also overwrite any of them with reply.header().
     */
    securityHeaders?: Record<string, string | false>
  }
}

/** Content-Security-Policy directives of every page, in the order they are sent. */
function cspDirectives(https: boolean): [string, string[]][] {
  return [
    ['default-src', ["'self'"]],
    ['base-uri', ["'none'"]],
    ['font-src', ["'self'", 'https:', 'data:']],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
    ['img-src', ["'self'", 'data:']],
    ['object-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['script-src-attr', ["'none'"]],
    ['style-src', ["'self'"]],
    // Over plain HTTP (a laptop install) upgrading would break every subresource.
    ...(https ? [['upgrade-insecure-requests', []] as [string, string[]]] : []),
  ]
}

/**
 * The headers every response carries, built once at start-up: the values are those helmet sends
 * with our CSP, but helmet rebuilds its middleware (and re-parses the CSP) on every request.
 */
export function defaultSecurityHeaders(https: boolean): Record<string, string> {
  const csp = cspDirectives(https)
    .map(([name, values]) => [name, ...values].join(' '))
    .join(';')
  return {
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  }
}

/** Sets the precomputed headers on every response, with a route's `securityHeaders` applied. */
export function addSecurityHeaders(app: FastifyInstance, https: boolean): void {
  const defaults = defaultSecurityHeaders(https)
  // One merged set per overriding route, built on its first request.
  const perRoute = new WeakMap<Record<string, string | false>, Record<string, string>>()
  const forRoute = (overrides: Record<string, string | false>) => {
    let headers = perRoute.get(overrides)
    if (!headers) {
      headers = { ...defaults }
      for (const [name, value] of Object.entries(overrides)) {
        if (value === false) delete headers[name.toLowerCase()]
        else headers[name.toLowerCase()] = value
      }
      perRoute.set(overrides, headers)
    }
    return headers
  }

  app.addHook('onRequest', (request, reply, done) => {
    const overrides = request.routeOptions.config.securityHeaders
    reply.headers(overrides ? forRoute(overrides) : defaults)
    done()
  })
}
