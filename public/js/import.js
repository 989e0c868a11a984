// Progressive enhancement for the import form: a chosen file is read into the text area,
// so the form posts plain text and works the same with or without this script.
document.addEventListener('DOMContentLoaded', () => {
  const input = document.querySelector('input[type="file"][data-fill]')
  if (!input || typeof FileReader === 'undefined') return
  const target = document.querySelector(input.dataset.fill)
  const status = document.getElementById('import-file-status')
  const field = document.getElementById('import-file-field')
  const hint = document.getElementById('import-or-choose')
  if (!target) return
  if (field) field.hidden = false
  if (hint) hint.hidden = false
  input.addEventListener('change', async () => {
    const file = input.files?.[0]
    if (!file) return
    try {
      target.value = await file.text()
      if (status)
        status.textContent = `${file.name} loaded (${Math.ceil(file.size / 1024)} KB). Press Import to add it.`
    } catch {
      if (status) status.textContent = `${file.name} could not be read. Paste its contents instead.`
    }
  })
})
