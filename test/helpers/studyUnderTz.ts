// Run as a child process with a given TZ: prints the due dates of fixed review histories as JSON,
// plus the process's own UTC offset to prove the TZ setting took effect.
import { newCardState, reviewCard, type StudyRating } from '../../src/domain/study.js'

const histories: [string, StudyRating[]][] = [
  ['2026-03-08T06:30:00Z', ['good', 'good', 'good', 'good']],
  ['2026-10-31T23:50:00Z', ['again', 'good', 'easy', 'hard', 'again', 'good']],
  ['2026-12-31T18:40:00Z', ['easy', 'easy', 'easy']],
]

const dues = histories.map(([start, ratings]) => {
  let now = Date.parse(start)
  let state = newCardState(now)
  const out: number[] = []
  for (const rating of ratings) {
    state = reviewCard(state, rating, now).next
    out.push(state.due)
    now = state.due
  }
  return out
})
process.stdout.write(JSON.stringify({ offset: new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), dues }))
