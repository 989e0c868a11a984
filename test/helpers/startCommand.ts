import { readFileSync } from 'node:fs'

/**
 * What `npm start` runs, split into node's options and the script, so process tests and the
 * benchmarks start servers exactly that way.
 */
export function startCommand(): { options: string[]; script: string } {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts
    .start
  const [command, ...args] = start.split(/\s+/)
  const script = args.pop()
  if (command !== 'node' || !script) throw new Error(`npm start is "${start}", not node [options] script`)
  return { options: args, script }
}

/** `npm start`'s arguments to node. */
export const startArguments = (): string[] => {
  const { options, script } = startCommand()
  return [...options, script]
}
