import { execFileSync } from 'node:child_process'

// Tests that start Debrief as its own process run the bundle `npm start` runs. Building it
// once, before any test, means no test can start a bundle another one is still writing.
export default function buildBundle() {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' })
}
