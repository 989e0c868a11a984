// Progressive enhancements only: every page works without this file.

// Hints meant for browsers without JavaScript (class "no-js") hide once this runs.
document.documentElement.classList.add('js')

// The service worker shows pushed reminders and an offline page; its scope is the whole app.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Not over plain HTTP on another host than localhost, or refused: the app works without it.
  })
}

document.addEventListener('DOMContentLoaded', () => {
  // Pre-fill the time zone from the browser on sign-up when it is still the default.
  const zone = document.querySelector('input[name="timeZone"][data-detect]')
  if (zone && (zone.value === '' || zone.value === 'UTC')) {
    try {
      zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || zone.value
    } catch {}
  }

  // Keyboard focus goes where the work continues: the first field the server refused, else the
  // control the last save named (the flash's data-focus), else the page's autofocus field.
  const invalid = document.querySelector('[aria-invalid="true"]')
  const named = document.querySelector('#flash[data-focus]')
  const next =
    invalid ??
    (named ? document.getElementById(named.dataset.focus) : null) ??
    document.querySelector('[autofocus]')
  const focusNext = () => {
    if (next.tabIndex < 0 && !next.hasAttribute('tabindex')) next.setAttribute('tabindex', '-1')
    next.focus()
    next.scrollIntoView({ block: 'center' })
  }
  if (next) {
    focusNext()
    // Scrolling to a #fragment of the address, which the browser does at load, gives focus back
    // to the page (and a fragment stops autofocus altogether): focus again if it was lost.
    window.addEventListener('load', () => document.activeElement === document.body && focusNext(), {
      once: true,
    })
  }

  // A success toast steps aside after a while; errors stay until the user acts on them.
  const toast = document.querySelector('#flash.toast')
  if (toast && !toast.classList.contains('flash-error')) {
    setTimeout(() => toast.classList.add('toast-gone'), 8000)
  }

  // Copy buttons: <button data-copy="#element-id">.
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.hidden = false
    button.addEventListener('click', async () => {
      const source = document.querySelector(button.dataset.copy)
      if (!source) return
      const text = 'value' in source ? source.value : source.textContent
      try {
        await navigator.clipboard.writeText(text)
        const label = button.dataset.label ?? button.textContent
        button.dataset.label = label
        button.textContent = 'Copied'
        // Back to its label, so a second copy (after an edit) is confirmed again.
        setTimeout(() => {
          button.textContent = label
        }, 2000)
      } catch {
        source.select?.()
      }
    })
  }

  // Confirmation for destructive buttons: <form data-confirm="Delete this?">.
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault()
    })
  }

  // Live countdowns: <time data-deadline="epoch ms">.
  const countdowns = document.querySelectorAll('[data-deadline]')
  const render = () => {
    const now = Date.now()
    for (const el of countdowns) {
      const diff = Number(el.dataset.deadline) - now
      const minutes = Math.floor(Math.abs(diff) / 60000)
      const d = Math.floor(minutes / 1440)
      const h = Math.floor((minutes % 1440) / 60)
      const m = minutes % 60
      const parts = []
      if (d) parts.push(`${d} d`)
      if (h) parts.push(`${h} h`)
      if (m || parts.length === 0) parts.push(`${m} min`)
      el.textContent = diff >= 0 ? `${parts.join(' ')} left` : `overdue by ${parts.join(' ')}`
      // The thresholds of urgency() in src/domain/format.ts: amber under 4 h, red under 1 h.
      const level = diff < 0 ? 'overdue' : diff < 3600000 ? 'urgent' : diff < 4 * 3600000 ? 'soon' : 'calm'
      for (const name of ['calm', 'soon', 'urgent', 'overdue']) el.classList.toggle(name, name === level)
      // The deadline bar's coloured edge follows its countdown.
      const bar = el.closest('.deadline-bar')
      if (bar)
        for (const name of ['calm', 'soon', 'urgent', 'overdue'])
          bar.classList.toggle(`deadline-bar-${name}`, name === level)
    }
  }
  if (countdowns.length) setInterval(render, 30000)
})
