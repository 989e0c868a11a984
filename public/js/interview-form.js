// Progressive enhancements of the interview form; without this file every part still works
// (presets are links, "Add another interviewer" re-renders the form with one more row).
document.addEventListener('DOMContentLoaded', () => {
  const form = document.querySelector('form[data-interview-form]')
  if (!form) return
  const start = form.querySelector('#f-startsAt')
  const duration = form.querySelector('#f-durationMinutes')
  const zone = form.querySelector('#f-timeZone')
  const end = form.querySelector('#f-endsAt')

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

  const HOUR = 60 * 60_000
  const fillFrom = (startMs) => {
    if (!zone) return
    if (start) start.value = localIn(startMs, zone.value)
    if (end) end.value = localIn(startMs + HOUR, zone.value)
  }

  // Presets fill the times in place, keeping whatever was typed elsewhere. The start they set
  // is an instant, so choosing another zone afterwards re-reads it on that zone's clock.
  let presetStart = null
  const applyPreset = (link) => {
    presetStart = Number(link.dataset.startsAtMs)
    fillFrom(presetStart)
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
  for (const field of [start, end])
    field?.addEventListener('input', () => {
      presetStart = null
    })
  zone?.addEventListener('change', () => {
    if (presetStart !== null) fillFrom(presetStart)
  })

  // After a refused submission, start where the first problem is.
  form.querySelector('[aria-invalid="true"]')?.focus()

  // Zone search: a filter over the picker's friendly labels and IANA names ("eastern",
  // "tokyo", "UTC+5:30"); the first match is chosen, and the picker keeps its type-ahead.
  if (zone) {
    const label = document.createElement('label')
    label.htmlFor = 'f-timeZone-search'
    label.className = 'zone-search-label'
    label.textContent = 'Search time zones'
    const search = document.createElement('input')
    search.type = 'search'
    search.id = 'f-timeZone-search'
    search.className = 'zone-search'
    search.autocomplete = 'off'
    search.setAttribute('aria-controls', 'f-timeZone')
    const normal = (text) => text.toLowerCase().replaceAll('_', ' ').replaceAll('−', '-')
    search.addEventListener('input', () => {
      const words = normal(search.value).split(/\s+/).filter(Boolean)
      let first = null
      for (const option of zone.options) {
        const text = normal(`${option.textContent} ${option.value}`)
        const match = words.every((word) => text.includes(word))
        option.hidden = !match
        if (match && !first) first = option
      }
      for (const group of zone.querySelectorAll('optgroup'))
        group.hidden = [...group.children].every((option) => option.hidden)
      if (first && zone.selectedOptions[0]?.hidden !== false) {
        zone.value = first.value
        zone.dispatchEvent(new Event('change'))
      }
    })
    // Enter here means "that one", not "log the interview".
    search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') event.preventDefault()
    })
    zone.before(label, search)
  }

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
