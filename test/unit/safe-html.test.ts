import { describe, expect, it } from 'vitest'
import { safeMessageHtml } from '../../src/domain/safeHtml.js'

const HOSTILE = `<!doctype html><html><head><title>Win</title><style>body{display:none}</style>
<script>steal()</script><link rel="stylesheet" href="https://evil.example/x.css"></head>
<body style="background:url(https://evil.example/t.gif)" onload="steal()">
<p onclick="steal()" class="x" style="color:red">Hello <b>there</b></p>
<img src="https://evil.example/pixel.gif" alt="track"><iframe src="https://evil.example"></iframe>
<a href="javascript:steal()">js</a> <a href="JaVaScRiPt:steal()">mixed</a> <a href="data:text/html,x">data</a>
<a href="//evil.example/x">protocol-relative</a>
<a href="https://debrief.example.com/interviews/7" target="_blank" rel="opener" onmouseover="steal()">Open</a>
<form action="https://evil.example"><input name="p"></form><svg><script>steal()</script></svg>
</body></html>`

describe('safeMessageHtml', () => {
  const safe = safeMessageHtml(HOSTILE)

  it('drops scripts, styles, images, frames, forms and every event handler', () => {
    for (const gone of [
      '<script',
      'steal',
      '<style',
      'display:none',
      '<img',
      'pixel.gif',
      '<iframe',
      '<form',
      '<input',
      '<svg',
      '<link',
      'style=',
      'class=',
      'onclick',
      'onload',
      '<title',
      'Win',
    ]) {
      expect(safe, gone).not.toContain(gone)
    }
  })

  it('loads nothing from other origins', () => {
    expect(safe).not.toMatch(/\bsrc=/)
    expect(safe).not.toContain('evil.example')
  })

  it('keeps text structure and http links, opened without a referrer or opener', () => {
    expect(safe).toContain('<p>Hello <b>there</b></p>')
    expect(safe).toContain(
      '<a href="https://debrief.example.com/interviews/7" rel="noopener noreferrer">Open</a>',
    )
    expect(safe).not.toContain('target=')
    expect(safe).not.toContain('rel="opener"')
  })

  it('keeps the text of links with a dangerous address, without the address', () => {
    for (const text of ['js', 'mixed', 'data', 'protocol-relative']) {
      expect(safe).toContain(`<a rel="noopener noreferrer">${text}</a>`)
    }
    expect(safe.toLowerCase()).not.toContain('javascript:')
    expect(safe).not.toContain('data:')
  })
})
