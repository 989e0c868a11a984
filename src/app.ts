import Fastify, { type FastifyServerOptions } from 'fastify'
import type { Transporter } from 'nodemailer'
import { type Clock, systemClock } from './clock.js'
import type { Config } from './config.js'
import authPlugin from './plugins/auth.js'
import configPlugin from './plugins/config.js'
import dbPlugin from './plugins/db.js'
import draftsPlugin from './plugins/drafts.js'
import errorsPlugin from './plugins/errors.js'
import importsPlugin from './plugins/imports.js'
import mailerPlugin from './plugins/mailer.js'
import openapiPlugin from './plugins/openapi.js'
import schedulerPlugin, { type SchedulerOptions } from './plugins/scheduler.js'
import securityPlugin from './plugins/security.js'
import servicesPlugin from './plugins/services.js'
import studyPlugin from './plugins/study.js'
import utf8Bodies from './plugins/utf8Bodies.js'
import viewPlugin from './plugins/view.js'
import apiRoutes from './routes/api/index.js'
import calendarFeed from './routes/calendarFeed.js'
import health from './routes/health.js'
import installable from './routes/installable.js'
import pages from './routes/pages/index.js'
import { lazySchemaCompilers } from './schemaCompilers.js'
import { resolveSessionSecret } from './sessionSecret.js'
import './types.js'

export interface AppOptions {
  config: Config
  clock?: Clock
  logger?: FastifyServerOptions['logger']
  /** Overrides SMTP_URL: a nodemailer transporter or an smtp(s):// URL (tests point it at a local SMTP peer). */
  mailTransport?: Transporter | string
  /** false: no cron task, no start-up pass; tests drive passes with app.reminderDispatcher.runDuePass(). */
  scheduler?: false | SchedulerOptions
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
  const schemas = lazySchemaCompilers()
  app.setValidatorCompiler(schemas.validatorCompiler)
  app.setSerializerCompiler(schemas.serializerCompiler)
  app.decorate('compileSchemas', schemas.compileAll)

  await app.register(configPlugin, { config, clock: options.clock ?? systemClock })
  await app.register(dbPlugin)
  await app.register(importsPlugin)
  await app.register(securityPlugin)
  await app.register(utf8Bodies)
  await app.register(authPlugin)
  await app.register(viewPlugin)
  await app.register(errorsPlugin)
  await app.register(openapiPlugin)
  await app.register(mailerPlugin, { transport: options.mailTransport })
  await app.register(schedulerPlugin, { scheduler: options.scheduler })
  await app.register(draftsPlugin)
  await app.register(servicesPlugin)
  await app.register(studyPlugin)

  await app.register(health)
  await app.register(calendarFeed)
  await app.register(installable)
  await app.register(pages, { sessionSecret: resolveSessionSecret(config.sessionSecret, config.dataDir) })
  await app.register(apiRoutes, { prefix: '/api/v1' })

  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
