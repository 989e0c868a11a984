import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyPluginAsync } from 'fastify'
import { publicDir } from '../paths.js'

/** The colour of the app's header, used by the installed app's title bar and splash screen. */
export const THEME_COLOR = '#14213d'
const BACKGROUND_COLOR = '#f6f7f9'

export const webManifest = {
  name: 'Debrief — interview follow-ups',
  short_name: 'Debrief',
  description: 'Log interviews, follow up within 24 hours, research what you missed.',
  id: '/',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  theme_color: THEME_COLOR,
  background_color: BACKGROUND_COLOR,
  icons: [
    { src: '/public/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/public/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/public/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
}

/**
 * What makes Debrief an installable app: the web manifest, the service worker (at the root,
 * so that it controls every page) and the page it shows offline. None of them holds user data,
 * so they are served without a session, outside the page tree.
 */
const installable: FastifyPluginAsync = async (app) => {
  // Read once: the file is part of the release, not data.
  const serviceWorker = readFileSync(join(publicDir, 'sw.js'), 'utf8')

  app.get('/sw.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('service-worker-allowed', '/')
      // The browser checks for a new worker on each visit; a cached one would outlive a release.
      .header('cache-control', 'no-cache')
      .send(serviceWorker),
  )

  app.get('/manifest.webmanifest', async (_request, reply) =>
    reply
      .type('application/manifest+json; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(webManifest),
  )

  app.get('/offline', async (_request, reply) => {
    reply.header('cache-control', 'no-cache')
    // Cached by the service worker for every visitor of this device: nobody's name or data on it.
    return reply.page('offline', { title: 'Offline', user: undefined })
  })
}

export default installable
