import fastifyView from '@fastify/view'
import { Eta, type TemplateFunction } from 'eta'
import fp from 'fastify-plugin'
import { readSnapshot } from '../db/snapshot.js'
import * as format from '../domain/format.js'
import { viewsDir } from '../paths.js'
import type { Reach } from '../services/reminders.js'
import { studyAccess } from '../services/study.js'
import assetsPlugin from './assets.js'
import { csrfBinding } from './pageSessions.js'

const NO_REACH: Reach = { channels: [], emailOff: false }

export default fp(
  async (app) => {
    const eta = new Eta({ views: viewsDir, autoEscape: true, autoTrim: false, cache: true })
    memoizePaths(eta)
    await app.register(fastifyView, { engine: { eta }, templates: viewsDir, production: true })
    await app.register(assetsPlugin)
    const asset = app.assets.url
    const row = rowRenderer(eta)
    // Rendering is synchronous, and the layout's counts (nav, banners) read the database as it draws.
    const snapshot = readSnapshot(app.db)

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
      let reach: Reach | undefined
      const reachOf = () => {
        reach ??= request.access ? app.services.reminders.reach(request.access) : NO_REACH
        return reach
      }
      // Straight to eta: @fastify/view would reconfigure the engine and copy the data once more per page.
      const html = snapshot(() =>
        eta.render(`pages/${page}.eta`, {
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
          row,
          path: request.url,
          fmt: format,
          // Counted only when the layout draws the nav, i.e. for a signed-in user.
          studyDue: () =>
            request.access && request.user
              ? app.study.dueCount(studyAccess(request.access, request.user.timeZone))
              : 0,
          mailboxUnread: () => (request.user ? app.repos.mailbox.unreadCount(request.user.id) : 0),
          // For the pages that warn when no reminder can reach the user (dashboard, settings).
          reminderChannels: () => reachOf().channels,
          reminderEmailOff: () => reachOf().emailOff,
          // The nav offers sign-up only where it would be accepted.
          navSignup: () => app.config.signup === 'open' || !app.services.accounts.anyAccount(),
          // Whether the nav offers the caseload: the actor coaches someone.
          hasCandidates: () => (request.user ? app.repos.coachLinks.coachesAnyone(request.user.id) : false),
          errors: {},
          values: {},
          ...data,
        }),
      )
      return this.type('text/html; charset=utf-8').send(html)
    })
  },
  { name: 'view', dependencies: ['security'] },
)

/**
 * eta resolves a template's path on every include, building a JSON cache key each time; the
 * answer depends only on the including file and the name, so it is kept after the first call.
 */
function memoizePaths(eta: Eta): void {
  const resolve = eta.resolvePath!
  const byBase = new Map<string | undefined, Map<string, string>>()
  eta.resolvePath = function (template, options) {
    const base = options?.filepath
    let paths = byBase.get(base)
    if (!paths) {
      paths = new Map()
      byBase.set(base, paths)
    }
    let path = paths.get(template)
    if (path === undefined) {
      path = resolve.call(this, template, options)
      paths.set(template, path)
    }
    return path
  }
}

/**
 * `it.row(partial, data)`: a partial given `data` alone, e.g. once per row of a list or each
 * field of a form. include() copies the whole page's data into a new object for every call,
 * which on a busy page is most of what rendering allocates; these partials read only `data`.
 */
function rowRenderer(eta: Eta) {
  const templates = new Map<string, TemplateFunction>()
  return (partial: string, data: object): string => {
    let template = templates.get(partial)
    if (!template) {
      template = eta.compile(eta.readFile!(eta.resolvePath!(`/partials/${partial}`, {})))
      templates.set(partial, template)
    }
    return eta.render(template, data)
  }
}
