// Debrief's service worker, served at /sw.js so that its scope is the whole app.
// It shows reminders pushed to this device, opens the interview they are about, and shows an
// offline page when a page cannot be loaded. It caches nothing else: pages hold live data.
const CACHE = 'debrief-offline-v1'
const OFFLINE_URL = '/offline'
const ICON = '/public/icons/icon-192.png'

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.add(new Request(OFFLINE_URL, { cache: 'reload', credentials: 'omit' })))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  if (event.request.mode !== 'navigate') return
  event.respondWith(
    fetch(event.request).catch(async () => (await caches.match(OFFLINE_URL)) ?? Response.error()),
  )
})

/** A path on this origin; anything else (another site, javascript:, garbage) opens the dashboard. */
function sameOriginUrl(raw) {
  try {
    const url = new URL(typeof raw === 'string' ? raw : '/', self.location.origin)
    return url.origin === self.location.origin ? url.href : new URL('/', self.location.origin).href
  } catch {
    return new URL('/', self.location.origin).href
  }
}

// The payload is JSON: {title, body, url, tag}. A push without one still says something.
self.addEventListener('push', (event) => {
  let payload = {}
  try {
    payload = event.data ? event.data.json() : {}
  } catch {
    payload = { body: event.data ? event.data.text() : '' }
  }
  const title = typeof payload.title === 'string' && payload.title ? payload.title : 'Debrief'
  const options = {
    body: typeof payload.body === 'string' ? payload.body : '',
    icon: ICON,
    badge: ICON,
    data: { url: sameOriginUrl(payload.url) },
  }
  if (typeof payload.tag === 'string' && payload.tag) {
    // The same tag replaces an older reminder about the same interview instead of stacking.
    options.tag = payload.tag
    options.renotify = true
  }
  event.waitUntil(self.registration.showNotification(title, options))
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = sameOriginUrl(event.notification.data?.url)
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (windows) => {
      const open = windows.find((client) => client.url === url)
      if (open) return open.focus()
      const any = windows.find((client) => new URL(client.url).origin === self.location.origin)
      if (any && 'navigate' in any) {
        const navigated = await any.navigate(url)
        return (navigated ?? any).focus()
      }
      return self.clients.openWindow(url)
    }),
  )
})
