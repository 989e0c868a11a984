import fastifyView from '@fastify/view'
import { Eta } from 'eta'
import fp from 'fastify-plugin'
import * as format from '../domain/format.js'
import { viewsDir } from '../paths.js'
import { emailRemindersOff, reachableChannels } from '../services/reachability.js'
import { studyAccess } from '../services/study.js'
import assetsPlugin from './assets.js'
import { csrfBinding } from './pageSessions.js'

export default fp(
  async (app) => {
    const eta = new Eta({ views: viewsDir, autoEscape: true, autoTrim: false, cache: true })
    await app.register(fastifyView, { engine: { eta }, templates: viewsDir, production: true })
    await app.register(assetsPlugin)
    const asset = app.assets.url

    app.decorateReply('page', async function (page: string, data: Record<string, unknown> = {}) {
      const request = this.request
      const flash = request.session?.get('flash')
      if (flash) request.session.set('flash', undefined)
      // One token per page, created only when the page renders a form: its secret is a cookie,
      // so even a first visit to the login form writes nothing (see pageSessions.ts).
      let token: string | undefined
      const csrf = () => {
        token ??= this.generateCsrf({ userInfo: csrfBinding(request) })
        return token
      }
      const html = await this.viewAsync(`pages/${page}`, {
        title: 'Debrief',
        user: request.user,
        // Whose data the page shows (a coach viewing a candidate sees the candidate's), and
        // whether its forms are drawn: every page hides them for a read-only actor.
        owner: request.owner ?? request.user,
        readOnly: request.access ? !request.access.mayWrite : false,
        viewing: request.viewing,
        flash,
        csrf,
        asset,
        path: request.url,
        fmt: format,
        // Counted only when the layout draws the nav, i.e. for a signed-in user.
        studyDue: () =>
          request.access && request.user
            ? app.study.dueCount(studyAccess(request.access, request.user.timeZone))
            : 0,
        mailboxUnread: () => (request.user ? app.repos.mailbox.unreadCount(request.user.id) : 0),
        // For the pages that warn when no reminder can reach the user (dashboard, settings).
        reminderChannels: () =>
          request.owner ? reachableChannels(app.db, app.mailer, request.owner.id) : [],
        reminderEmailOff: () => (request.owner ? emailRemindersOff(app.db, request.owner.id) : false),
        // The nav offers sign-up only where it would be accepted.
        navSignup: () => app.config.signup === 'open' || app.repos.users.count() === 0,
        // Whether the nav offers the caseload: the actor coaches someone.
        hasCandidates: () => (request.user ? app.repos.coachLinks.coachesAnyone(request.user.id) : false),
        errors: {},
        values: {},
        ...data,
      })
      return this.type('text/html; charset=utf-8').send(html)
    })
  },
  { name: 'view', dependencies: ['security'] },
)
