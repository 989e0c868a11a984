// Opening a message marks it read: the page sends the "Mark as read" form itself, in the
// background, so the page stays and the nav count drops. Without this file the button does it.
document.addEventListener('DOMContentLoaded', async () => {
  const form = document.querySelector('form[data-mark-read]')
  if (!form) return
  try {
    const response = await fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
    })
    if (!response.ok) return
    form.remove()
    const badge = document.getElementById('nav-mailbox-unread')
    const left = badge ? Number.parseInt(badge.textContent ?? '', 10) - 1 : 0
    if (badge && left > 0) badge.firstChild.textContent = String(left)
    else badge?.remove()
  } catch {
    // Offline or refused: the button stays, the message stays unread.
  }
})
