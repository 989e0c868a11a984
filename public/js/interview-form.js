// Progressive enhancements of the interview form; without this file every part still works
// (presets are links, "Add another interviewer" re-renders the form with one more row).
document.addEventListener('DOMContentLoaded', () => {
  const form = document.querySelector('form[data-interview-form]')
  if (!form) return
  const start = form.querySelector('#f-startsAt')
  const duration = form.querySelector('#f-durationMinutes')
  const zone = form.querySelector('#f-timeZone')

  // "YYYY-MM-DDTHH:mm" on a zone's clock, the value a datetime-local field takes.
  const localIn = (ms, timeZone) => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(ms))
    const part = (type) => parts.find((p) => p.type === type)?.value ?? ''
    return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`
  }

  // Presets fill the times in place, keeping whatever was typed elsewhere. The start they set
  // is an instant, so choosing another zone afterwards re-reads it on that zone's clock.
  let presetStart = null
  const applyPreset = (link) => {
    presetStart = Number(link.dataset.startsAtMs)
    if (start && zone) start.value = localIn(presetStart, zone.value)
    if (duration) duration.value = link.dataset.duration
    for (const other of form.querySelectorAll('[data-preset]')) other.removeAttribute('aria-current')
    link.setAttribute('aria-current', 'true')
  }
  for (const link of form.querySelectorAll('[data-preset]')) {
    if (link.getAttribute('aria-current')) presetStart = Number(link.dataset.startsAtMs)
    link.addEventListener('click', (event) => {
      event.preventDefault()
      applyPreset(link)
    })
  }
  start?.addEventListener('input', () => {
    presetStart = null
  })
  zone?.addEventListener('change', () => {
    if (presetStart !== null && start) start.value = localIn(presetStart, zone.value)
  })

  // The end field only counts for "Other end time…"; choosing it moves there.
  duration?.addEventListener('change', () => {
    if (duration.value === 'other') form.querySelector('#f-endsAt')?.focus()
  })

  // "Add another interviewer" copies the row template instead of reloading the page.
  const rows = form.querySelector('[data-interviewer-rows]')
  const template = form.querySelector('#interviewer-row-template')
  const add = form.querySelector('[data-add-interviewer]')
  if (!rows || !template || !add) return
  const max = Number(rows.dataset.maxRows)
  add.addEventListener('click', (event) => {
    event.preventDefault()
    const count = rows.querySelectorAll('[data-interviewer-row]').length
    if (count >= max) return
    const n = String(count + 1)
    add.insertAdjacentHTML('beforebegin', template.innerHTML.replaceAll('__N__', n))
    rows.querySelector(`#f-interviewer-${n}-name`)?.focus()
    if (count + 1 >= max) add.disabled = true
  })
})
