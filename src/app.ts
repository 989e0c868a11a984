import Fastify, { type FastifyServerOptions } from 'fastify'
import { type Clock, systemClock } from './clock.js'
import type { Config } from './config.js'
import authPlugin from './plugins/auth.js'
import configPlugin from './plugins/config.js'
import dbPlugin from './plugins/db.js'
import errorsPlugin from './plugins/errors.js'
import openapiPlugin from './plugins/openapi.js'
import securityPlugin from './plugins/security.js'
import viewPlugin from './plugins/view.js'
import apiRoutes from './routes/api/index.js'
import health from './routes/health.js'
import authPages from './routes/pages/auth.js'
import homePage from './routes/pages/home.js'
import settingsPages from './routes/pages/settings.js'
import { resolveSessionSecret } from './sessionSecret.js'
import './types.js'
import { validatorCompiler } from './validation.js'

export interface AppOptions {
  config: Config
  clock?: Clock
  logger?: FastifyServerOptions['logger']
}

export const BODY_LIMIT_BYTES = 256 * 1024

export async function buildApp(options: AppOptions) {
  const { config } = options
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
  })
  app.setValidatorCompiler(validatorCompiler)

  await app.register(configPlugin, { config, clock: options.clock ?? systemClock })
  await app.register(dbPlugin)
  await app.register(securityPlugin, {
    sessionSecret: resolveSessionSecret(config.sessionSecret, config.dataDir),
  })
  await app.register(authPlugin)
  await app.register(viewPlugin)
  await app.register(errorsPlugin)
  await app.register(openapiPlugin)

  await app.register(health)
  await app.register(homePage)
  await app.register(authPages)
  await app.register(settingsPages)
  await app.register(apiRoutes, { prefix: '/api/v1' })

  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
