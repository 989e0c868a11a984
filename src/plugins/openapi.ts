import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'

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
    await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true })
  },
  { name: 'openapi' },
)
