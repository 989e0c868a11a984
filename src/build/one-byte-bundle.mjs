// V8 keeps the source of every loaded script in memory, two bytes per character as soon as one
// character is above U+00FF. esbuild leaves a few such characters in comments and regular
// expressions of the bundle, which doubled the ~5 MB source string held by the server; escaped
// as \uXXXX (the same character in a literal, a regex or an identifier; plain text in a
// comment) the bundle is held at one byte per character.
import { readFileSync, writeFileSync } from 'node:fs'

for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, 'utf8')
  // After a backslash the escape would change meaning (`\’` → `\\u2019`): refuse, do not guess.
  const escaped = /\\[\u0100-\uffff]/.exec(source)
  if (escaped) throw new Error(`${file}: escaped character ${escaped[0]} at ${escaped.index}`)
  const oneByte = source.replace(/[\u0100-\uffff]/g, (char) => {
    let out = ''
    for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`
    return out
  })
  if (oneByte !== source) writeFileSync(file, oneByte)
}
