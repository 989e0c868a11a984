import type { Checked, Problems } from '../domain/interviewInput.js'
import { summarize } from '../validation.js'
import type { AccessContext } from './access.js'
import { READ_ONLY_MESSAGE } from './access.js'
import { forbidden, invalid, ok, type ServiceFailure, type ServiceResult } from './result.js'

type WriteMethod = (
  access: AccessContext,
  ...args: never[]
) => ServiceResult<unknown> | Promise<ServiceResult<unknown>>

/**
 * A service's write methods, each refusing an actor who may only read before it reads or
 * writes anything: defence in depth behind the route trees' own refusal. Wrapping them all at
 * once means a new write method cannot forget the check.
 */
export function ownerOnly<M extends Record<string, WriteMethod>>(methods: M): M {
  const guarded: Record<string, WriteMethod> = {}
  for (const [name, method] of Object.entries(methods)) {
    // An async method's callers expect a promise, the refusal too. Told apart by its declaration,
    // so a write method that returns a promise is declared `async`.
    const refuse = isAsync(method)
      ? () => Promise.resolve(forbidden(READ_ONLY_MESSAGE))
      : () => forbidden(READ_ONLY_MESSAGE)
    guarded[name] = (access, ...args) => (access.mayWrite ? method(access, ...args) : refuse())
  }
  return guarded as M
}

const isAsync = (f: WriteMethod): boolean =>
  (f as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'AsyncFunction'

export const invalidFields = (problems: Problems): ServiceFailure =>
  invalid(problems, `Invalid input: ${summarize(problems)}.`)

/**
 * A domain check's result together with the problems the caller already found (a form's
 * schema, a rule of the service), so every wrong field is flagged on the first try. Later
 * sets win for the same field.
 */
export function withProblems<T>(
  result: Checked<T>,
  ...more: (Problems | null | undefined)[]
): ServiceResult<T> {
  const problems: Problems = Object.assign({}, result.ok ? {} : result.problems, ...more.filter(Boolean))
  if (!result.ok || Object.keys(problems).length > 0) return invalidFields(problems)
  return ok(result.value)
}
