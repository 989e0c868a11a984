import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { publicDir } from '../paths.js'

// Swagger UI's assets stay in its package; naming the folder (and our own logo) lets the plugin
// be bundled into dist/ like everything else, where it cannot find them beside itself.
const swaggerUiAssets = join(
  dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')),
  'static',
)

export default fp(
  async (app) => {
    await app.register(fastifySwagger, {
      openapi: {
        info: {
          title: 'Debrief API',
          description:
            'Log interviews and questions, read deadlines and reminders, and work with follow-up drafts.',
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
    })
    await app.register(fastifySwaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      baseDir: swaggerUiAssets,
      logo: { type: 'image/svg+xml', content: readFileSync(join(publicDir, 'favicon.svg')) },
    })
  },
  { name: 'openapi' },
)
