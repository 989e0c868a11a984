/**
 * Turns what someone typed into an FTS5 query that cannot be a syntax error: every word
 * becomes a quoted string (inner quotes doubled) with a prefix star, so operators such as
 * AND, NEAR, "(", "*" or ":" lose their meaning and are matched as plain words.
 * Words without a letter or digit are dropped, because an empty phrase matches nothing.
 * Returns null when nothing searchable is left.
 */
export function ftsQuery(input: string): string | null {
  const words = input
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, 20)
  if (words.length === 0) return null
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ')
}

/** Markers handed to snippet()/highlight(); control characters that no form field can produce on purpose. */
export const MARK_START = '\u0002'
export const MARK_END = '\u0003'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

/**
 * FTS output with markers → HTML. Everything is escaped first; only marker pairs become
 * <mark>…</mark>, and stray markers (which could come from the stored text itself) are
 * dropped, so the result is always balanced and safe to print unescaped.
 */
export function markedToHtml(marked: string): string {
  let html = ''
  let open = false
  let plain = ''
  const flush = () => {
    html += escapeHtml(plain)
    plain = ''
  }
  for (const char of marked) {
    if (char === MARK_START) {
      if (!open) {
        flush()
        html += '<mark>'
        open = true
      }
    } else if (char === MARK_END) {
      if (open) {
        flush()
        html += '</mark>'
        open = false
      }
    } else {
      plain += char
    }
  }
  flush()
  if (open) html += '</mark>'
  return html
}
