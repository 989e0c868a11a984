import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The same code runs from src/ (tsx, tests) and bundled into dist/ (npm start), so
// the project root is found by walking up to package.json rather than by a fixed "../..".
function findRoot(start: string): string {
  let dir = start
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`Cannot find package.json above ${start}`)
    dir = parent
  }
  return dir
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)))
export const migrationsDir = join(projectRoot, 'migrations')
export const viewsDir = join(projectRoot, 'views')
export const publicDir = join(projectRoot, 'public')
