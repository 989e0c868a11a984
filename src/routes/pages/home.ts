import type { FastifyPluginAsync } from 'fastify'
import { interviewRows } from './interviewRows.js'

/** The dashboard: what needs a follow-up now, what is late, what is coming, what was recently finished. */
const homePage: FastifyPluginAsync = async (app) => {
  app.get('/', async (request, reply) => {
    const user = request.owner!
    const now = app.clock.now()
    const d = app.services.interviews.dashboard(request.access!)
    const rows = (items: typeof d.needsFollowUp) => interviewRows(items, now, user.timeZone)
    return reply.page('home', {
      title: 'Dashboard',
      now,
      dashboard: {
        needsFollowUp: rows(d.needsFollowUp),
        overdue: rows(d.overdue),
        upcoming: rows(d.upcoming),
        recentlyDone: rows(d.recentlyDone),
        more: d.more,
      },
      unreadReminders: app.services.mailbox.unreadReminders(request.access!),
    })
  })
}

export default homePage
