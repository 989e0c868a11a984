// Progressive enhancements of the drafts page; every form works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // Leaving the page with edits that no button has used yet asks first.
  let dirty = false
  for (const form of document.querySelectorAll('form[data-draft-editor]')) {
    form.addEventListener('input', () => {
      dirty = true
    })
    form.addEventListener('submit', () => {
      dirty = false
    })
  }
  window.addEventListener('beforeunload', (event) => {
    if (!dirty) return
    event.preventDefault()
    event.returnValue = ''
  })

  // "Sending in 25 s": counts down from what the server said when the page was made, so a
  // clock that differs between server and browser cannot make it wrong.
  const due = document.querySelectorAll('[data-send-left]')
  if (due.length === 0) return
  const loaded = performance.now()
  const tick = () => {
    const elapsed = Math.floor((performance.now() - loaded) / 1000)
    for (const el of due) {
      const left = Number(el.dataset.sendLeft) - elapsed
      el.textContent = left > 0 ? `Sending in ${left} s` : 'Sending now'
    }
  }
  tick()
  setInterval(tick, 1000)
})
