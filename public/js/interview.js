// Progressive enhancements of the interview page; every form works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // The guide's in-page actions ("Capture the questions you were asked") focus their field too.
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-focus-target]') : null
    const target = link ? document.getElementById(link.dataset.focusTarget) : null
    if (!target) return
    event.preventDefault()
    const details = target.closest('details')
    if (details) details.open = true
    target.focus()
    target.scrollIntoView({ block: 'center' })
  })

  // "Stop reminders anyway": with scripts the form's confirmation dialog asks the same, so the
  // checkbox steps aside, ticked; after a refusal it stays in view.
  const stop = document.getElementById('follow-up-confirm')
  if (stop && !stop.hasAttribute('aria-invalid')) {
    stop.checked = true
    stop.closest('.confirm-stop').hidden = true
  }

  // "Starts in 2 h 5 min", then "In progress, ends in 35 min" (prepWhen in src/domain/nextStep.ts):
  // counted from what the server said when it made the page, so a browser clock that differs
  // from the server's cannot make it wrong. At the end the page becomes the debrief: reloaded,
  // unless a question is half-typed in the capture, which then says how to get there.
  const when = document.getElementById('prep-when')
  if (when) {
    const loaded = performance.now()
    const left = (name) => Number(when.dataset[name]) - (performance.now() - loaded)
    // span() of src/domain/format.ts.
    const span = (ms) => {
      const minutes = Math.floor(Math.abs(ms) / 60000)
      const parts = []
      if (Math.floor(minutes / 1440)) parts.push(`${Math.floor(minutes / 1440)} d`)
      if (Math.floor((minutes % 1440) / 60)) parts.push(`${Math.floor((minutes % 1440) / 60)} h`)
      if (minutes % 60 || parts.length === 0) parts.push(`${minutes % 60} min`)
      return parts.join(' ')
    }
    const tick = setInterval(() => {
      const starts = left('startsLeft')
      when.textContent =
        starts > 0 ? `Starts in ${span(starts)}` : `In progress, ends in ${span(left('endsLeft'))}`
    }, 30000)
    // A timer longer than 2^31 - 1 ms fires at once (and the reload would repeat forever); a
    // page left open for 24 days is simply reloaded by hand.
    const endsIn = Math.max(0, left('endsLeft'))
    if (endsIn < 2 ** 31 - 1)
      setTimeout(() => {
        clearInterval(tick)
        const typing = document.getElementById('capture-text')?.value.trim()
        if (!typing) return window.location.reload()
        when.textContent = 'The interview has ended: '
        const link = document.createElement('a')
        link.href = window.location.pathname
        link.textContent = 'open the debrief'
        when.append(link)
      }, endsIn)
  }

  const form = document.getElementById('capture')
  if (form) enhanceCapture(form)
})

/** The quick capture saves without a page load and keeps the cursor in the question field. */
function enhanceCapture(form) {
  const text = form.querySelector('#capture-text')
  const status = document.getElementById('capture-status')
  const fieldIds = ['capture-text', 'capture-confidence', 'capture-topics']
  let busy = false

  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      form.requestSubmit()
    }
  })

  const clearErrors = () => {
    for (const id of fieldIds) {
      const field = document.getElementById(id)
      if (!field) continue
      document.getElementById(`${id}-error`)?.remove()
      field.removeAttribute('aria-invalid')
      const described = (field.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .filter((ref) => ref && ref !== `${id}-error`)
      if (described.length) field.setAttribute('aria-describedby', described.join(' '))
      else field.removeAttribute('aria-describedby')
      field.closest('.field')?.classList.remove('has-error')
    }
  }

  // The same markup the server prints beside a refused field (views/partials/field.eta).
  const showErrors = (errors) => {
    clearErrors()
    let first = null
    for (const id of fieldIds) {
      const field = document.getElementById(id)
      if (!field || !errors[id]) continue
      const message = document.createElement('p')
      message.id = `${id}-error`
      message.className = 'error'
      message.setAttribute('role', 'alert')
      message.textContent = errors[id]
      field.closest('.field').append(message)
      field.closest('.field').classList.add('has-error')
      field.setAttribute('aria-invalid', 'true')
      const described = field.getAttribute('aria-describedby')
      field.setAttribute('aria-describedby', described ? `${described} ${message.id}` : message.id)
      first ??= field
    }
    status.textContent = ''
    first?.focus()
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (busy) return
    busy = true
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
      })
      if (response.status === 400) {
        showErrors((await response.json()).errors ?? {})
        return
      }
      if (!response.ok) {
        status.textContent = `Not saved (${response.status}). Reload the page and try again.`
        return
      }
      const saved = await response.json()
      clearErrors()
      const list = document.getElementById('question-list')
      list.insertAdjacentHTML('beforeend', saved.item)
      list.hidden = false
      const empty = document.getElementById('questions-empty')
      if (empty) empty.hidden = true
      const guide = document.getElementById('guide')
      if (guide && saved.guide) guide.outerHTML = saved.guide
      const progress = document.getElementById('questions-progress')
      if (progress) progress.textContent = saved.progress
      // Confidence and topics stay: the next question is often on the same subject.
      text.value = ''
      status.textContent = saved.message
      text.focus()
    } catch {
      status.textContent = 'Not saved: the connection failed. Try again.'
    } finally {
      busy = false
    }
  })
}
