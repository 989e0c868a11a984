/**
 * Everything the admin CLI prints goes through here. Company names, e-mail addresses, mail
 * server answers and paths come from users or remote servers; written raw, an escape sequence
 * in them would drive the operator's terminal (clear it, rewrite earlier lines, set the title)
 * and a line break or tab would forge rows of a table. Control characters (C0, DEL, C1), the
 * bidirectional overrides and other invisible formatting characters are shown as visible
 * escapes instead, like "\x1b" or "\u202e".
 */

// Bidirectional marks and overrides (U+202E turns the rest of a line around), zero-width and
// other invisible formatting characters, and the Unicode line and paragraph separators.
const INVISIBLE = '\\u061C\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF'
const UNSAFE = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${INVISIBLE}]`, 'g')
// The same without LF and tab, which separate the lines and columns of what the CLI prints.
const UNSAFE_IN_LINES = new RegExp(`[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F${INVISIBLE}]`, 'g')

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

function visible(char: string): string {
  const named = NAMED[char]
  if (named) return named
  const code = char.charCodeAt(0)
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/** One value on one line: a table cell or a name inside a message. Line breaks and tabs too are escaped. */
export function terminalText(value: unknown): string {
  return String(value ?? '').replace(UNSAFE, visible)
}

/** Text of several lines: keeps LF and tab, escapes every other control character. */
export function terminalLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES, visible)
}

/** One row of a tab-separated table: each cell is escaped, so the row stays one line with its columns. */
export function tableRow(cells: readonly unknown[]): string {
  return cells.map(terminalText).join('\t')
}

export const printOut = (text: string) => process.stdout.write(terminalLines(text))
export const printError = (text: string) => process.stderr.write(terminalLines(text))
