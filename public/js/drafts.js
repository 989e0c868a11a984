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

  // "Sending in 25 s": counts down to the end of the undo window.
  const due = document.querySelectorAll('[data-send-due]')
  if (due.length === 0) return
  const tick = () => {
    const now = Date.now()
    for (const el of due) {
      const left = Math.ceil((Number(el.dataset.sendDue) - now) / 1000)
      el.textContent = left > 0 ? `Sending in ${left} s` : 'Sending now'
    }
  }
  tick()
  setInterval(tick, 1000)
})
