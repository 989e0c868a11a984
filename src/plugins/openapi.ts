import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { publicDir } from '../paths.js'
import { isPrivateApi } from '../services/coach/privateAreas.js'

/** What the generated document's paths look like, as far as the coach header is concerned. */
interface DocumentedPaths {
  paths?: Record<string, Record<string, { parameters?: unknown[] }>>
  components?: { parameters?: Record<string, unknown> }
}

const CANDIDATE_PARAMETER = {
  name: 'Debrief-Candidate',
  in: 'header',
  required: false,
  schema: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' },
  description:
    "A coach's token reads this linked candidate's data instead of the coach's own (ids from GET /api/v1/coach/caseload). Writes answer 403, except a coach's comments and approvals; an id not linked to the coach answers 404.",
}

/**
 * Declares the coach's header on every operation that honours it: all but the private ones
 * (refused to a coach with 403) and the coach's own endpoints.
 */
function declareCandidateHeader<T extends DocumentedPaths>(doc: T): T {
  doc.components = {
    ...doc.components,
    parameters: { ...doc.components?.parameters, DebriefCandidate: CANDIDATE_PARAMETER },
  }
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    const route = path.replace(/\{(\w+)\}/g, ':$1')
    if (isPrivateApi(route) || route.startsWith('/api/v1/coach/')) continue
    for (const operation of Object.values(operations))
      operation.parameters = [
        ...(operation.parameters ?? []),
        { $ref: '#/components/parameters/DebriefCandidate' },
      ]
  }
  return doc
}

// Swagger UI's assets stay in its package; naming the folder (and our own logo) lets the plugin
// be bundled into dist/ like everything else, where it cannot find them beside itself.
const swaggerUiAssets = join(
  dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')),
  'static',
)

/**
 * The CSP hashes of the <style> elements Swagger UI writes into the page (its own logo, an SVG
 * with a style sheet, drawn before ours replaces it), read from the scripts that are served,
 * so the hashes always match the version installed.
 */
export function swaggerUiStyleHashes(): string[] {
  const hashes = new Set<string>()
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']) {
    const source = readFileSync(join(swaggerUiAssets, file), 'utf8')
    for (const match of source.matchAll(/createElement\("style",null,("(?:[^"\\]|\\.)*")\)/g)) {
      const css = JSON.parse(match[1]!) as string
      hashes.add(`'sha256-${createHash('sha256').update(css).digest('base64')}'`)
    }
  }
  return [...hashes]
}

/** The app's policy with the given sources added to style-src: the docs need nothing looser. */
export function allowStyles(policy: string, sources: string[]): string {
  const directives = policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '')
  const at = directives.findIndex((d) => /^style-src\s/i.test(d) || d.toLowerCase() === 'style-src')
  if (at === -1) directives.push(`style-src 'self' ${sources.join(' ')}`)
  else directives[at] = `${directives[at]} ${sources.join(' ')}`
  return directives.join(';')
}

export default fp(
  async (app) => {
    await app.register(fastifySwagger, {
      openapi: {
        info: {
          title: 'Debrief API',
          description:
            'Log interviews and questions, read deadlines and reminders, and work with follow-up drafts. ' +
            'A coach reads a candidate who gave them access with their own token and the header ' +
            '`Debrief-Candidate: <candidate id>` (from `GET /api/v1/coach/caseload`): read-only, private parts ' +
            '(account, settings, reminders, notifications, export and import) refused with 403; any other id answers 404.',
          version: '1',
        },
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'Create a token under Settings → API tokens.',
            },
          },
        },
        security: [{ bearerAuth: [] }],
      },
      hideUntagged: false,
      transform: ({ schema, url }) => ({
        schema: url.startsWith('/api/') ? schema : { ...schema, hide: true },
        url,
      }),
      transformObject: (generated) =>
        'openapiObject' in generated
          ? declareCandidateHeader(
              generated.openapiObject as DocumentedPaths & typeof generated.openapiObject,
            )
          : generated.swaggerObject,
    })
    const styleHashes = swaggerUiStyleHashes()
    await app.register(fastifySwaggerUi, {
      routePrefix: '/docs',
      // The app's own policy (set by helmet for every response), plus hashes of the UI's inline
      // style elements, on the /docs routes only.
      transformStaticCSP: (header) => allowStyles(header, styleHashes),
      baseDir: swaggerUiAssets,
      logo: { type: 'image/svg+xml', content: readFileSync(join(publicDir, 'favicon.svg')) },
    })
  },
  { name: 'openapi' },
)
