// "Use this answer" on the research page fills the form in place; without this file the same
// button posts the form and the server sends it back filled in. Nothing is saved either way
// until "Save research".
document.addEventListener('DOMContentLoaded', () => {
  const answer = document.getElementById('f-researchedAnswer')
  const sources = document.getElementById('f-sources')
  const status = document.getElementById('reuse-status')
  if (!answer) return
  for (const button of document.querySelectorAll('button[data-use-answer]')) {
    button.addEventListener('click', (event) => {
      event.preventDefault()
      answer.value = button.dataset.answer ?? ''
      if (sources) sources.value = button.dataset.sources ?? ''
      if (status) {
        status.textContent = `Answer from “${button.dataset.question ?? 'a similar question'}” filled in. Nothing is saved until you save research.`
        status.hidden = false
      }
      answer.focus()
      answer.setSelectionRange(0, 0)
      answer.scrollIntoView({ block: 'center' })
    })
  }
})
