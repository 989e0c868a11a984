/** Different limits one statement keeps prepared; callers use one or two each. */
const KEPT_LIMITS = 8

/**
 * One prepared statement per LIMIT, with the limit written into its SQL. SQLite's planner
 * reads the value of a LIMIT given as a parameter, so a statement with `LIMIT ?` is compiled
 * again on every run (binding the parameter marks it expired), which for a long list query
 * costs as much as running it. Limits beyond the first few are prepared per call.
 */
export function byLimit<Statement>(prepare: (limit: number) => Statement): (limit: number) => Statement {
  const statements = new Map<number, Statement>()
  return (limit) => {
    const kept = statements.get(limit)
    if (kept) return kept
    // The limit becomes SQL text: only a whole number may.
    if (!Number.isSafeInteger(limit) || limit < 0)
      throw new RangeError(`LIMIT must be a whole number, not ${limit}`)
    const statement = prepare(limit)
    if (statements.size < KEPT_LIMITS) statements.set(limit, statement)
    return statement
  }
}
