import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { databasePing } from '../db/connection.js'

/** A reminder this much past its due time without being sent counts as overdue in /healthz. */
const OVERDUE_TOLERANCE_MS = 2 * 60_000

const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  database: Type.String(),
  scheduler: Type.Optional(
    Type.Object({
      enabled: Type.Boolean(),
      lastPassAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      lagSeconds: Type.Union([
        Type.Number({ description: 'Seconds since the last completed pass' }),
        Type.Null(),
      ]),
      lastError: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  reminders: Type.Optional(
    Type.Object({
      overdueUnsent: Type.Integer({
        description:
          'Reminders not yet handed to their channels, and deliveries on every channel (e-mail, push, webhook), more than 2 minutes past due (a retried reminder: past its retry) and not sent',
      }),
    }),
  ),
  deliveries: Type.Optional(
    Type.Array(
      Type.Object({
        channel: Type.String({ description: 'email, push or webhook' }),
        state: Type.String({ description: 'pending, sending or failed' }),
        count: Type.Integer(),
      }),
      { description: 'Open and failed deliveries of reminders and study reminders, per channel and state' },
    ),
  ),
})

const health: FastifyPluginAsyncTypebox = async (app) => {
  const ping = databasePing(app.db)
  app.get(
    '/healthz',
    { schema: { response: { 200: HealthResponse, 503: HealthResponse } }, logLevel: 'warn' },
    async (_request, reply) => {
      try {
        ping()
      } catch (error) {
        return reply.code(503).send({ status: 'error' as const, database: (error as Error).message })
      }
      const now = app.clock.now()
      const dispatcher = app.reminderDispatcher
      const last = dispatcher.lastPassAt
      // Reminder trouble is reported, not turned into a failed health check: the app still serves users.
      return {
        status: 'ok' as const,
        database: 'ok',
        scheduler: {
          enabled: app.schedulerEnabled,
          lastPassAt: last === undefined ? null : new Date(last).toISOString(),
          lagSeconds: last === undefined ? null : Math.max(0, Math.round((now - last) / 1000)),
          lastError: dispatcher.lastPassError ?? null,
        },
        reminders: { overdueUnsent: app.repos.reminderDeliveries.overdueUnsent(now - OVERDUE_TOLERANCE_MS) },
        deliveries: app.repos.reminderDeliveries.openByChannel(),
      }
    },
  )
}

export default health
