// Keyboard study: Space reveals the answer, 1–4 rate it (Again, Hard, Good, Easy). The page works without this.
document.addEventListener('DOMContentLoaded', () => {
  const card = document.querySelector('[data-study]')
  const reveal = document.getElementById('study-reveal')
  if (!card || !reveal) return
  const typing = (target) =>
    target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable]')
  const isSpace = (event) => event.key === ' ' || event.code === 'Space'
  let sent = false

  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return
    if (isSpace(event)) {
      // Space never scrolls or presses a focused button here: it only reveals.
      event.preventDefault()
      if (!reveal.open) {
        reveal.open = true
        reveal.querySelector('summary')?.focus()
      }
      return
    }
    const button = reveal.open && !sent && card.querySelector(`button[data-key="${event.key}"]`)
    if (button) {
      event.preventDefault()
      sent = true
      button.click()
    }
  })
  // A focused summary or button would act on the key's release as well.
  document.addEventListener('keyup', (event) => {
    if (isSpace(event) && !typing(event.target)) event.preventDefault()
  })
})
