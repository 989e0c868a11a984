// "Turn on notifications": registers the service worker, asks for permission, subscribes with
// the server's VAPID public key and hands the subscription to the server. Without this script
// (or without Push API support) the button stays hidden and e-mail and webhooks still work.
document.addEventListener('DOMContentLoaded', () => {
  const box = document.getElementById('push-subscribe')
  const button = document.getElementById('push-subscribe-button')
  const status = document.getElementById('push-subscribe-status')
  if (!box || !button || !status) return
  const say = (text) => {
    status.textContent = text
  }
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    say('This browser cannot receive web push notifications.')
    return
  }
  if (!window.isSecureContext) {
    say('Notifications need Debrief to be opened over https.')
    return
  }

  // applicationServerKey wants the raw key bytes, not its base64url text.
  const keyBytes = (base64url) => {
    const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/')
    const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
    return Uint8Array.from(raw, (c) => c.charCodeAt(0))
  }

  const guessName = () => {
    const ua = navigator.userAgent
    const browser = /Edg\//.test(ua)
      ? 'Edge'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : 'Browser'
    const system = /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Android/.test(ua)
        ? 'Android'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Windows/.test(ua)
            ? 'Windows'
            : /Linux/.test(ua)
              ? 'Linux'
              : ''
    return system ? `${browser} on ${system}` : browser
  }

  button.hidden = false
  if (Notification.permission === 'denied')
    say('Notifications are blocked for this site; allow them in the browser’s site settings first.')

  button.addEventListener('click', async () => {
    button.disabled = true
    try {
      const registration = await navigator.serviceWorker.register('/sw.js')
      await navigator.serviceWorker.ready
      const permission = await Notification.requestPermission()
      if (permission !== 'granted') {
        say('Notifications were not allowed, so none will be sent to this browser.')
        return
      }
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(box.dataset.vapidPublicKey ?? ''),
        }))
      const response = await fetch(box.dataset.endpoint ?? '/settings/reminders/push', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'csrf-token': box.dataset.csrf ?? '',
        },
        body: JSON.stringify({ ...subscription.toJSON(), name: guessName() }),
      })
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}))
        say(problem.message || `The server refused the subscription (${response.status}).`)
        return
      }
      say('Notifications are on for this browser.')
      window.location.reload()
    } catch (error) {
      say(`Notifications could not be turned on: ${error instanceof Error ? error.message : error}`)
    } finally {
      button.disabled = false
    }
  })
})
