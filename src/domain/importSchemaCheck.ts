import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { Type } from 'typebox'
import { errorMessage, typeName } from '../validation.js'
import { Closed } from './documentSchema.js'
import { ExportDocument, ExportInterview, type ImportProblem, MAX_INTERVIEWS } from './transfer.js'

/**
 * Checking an import. A large file holds thousands of interviews, so every check is a generator
 * that pauses (yields) after each CHECK_STEP interviews: a server runs it a step per turn of its
 * event loop and keeps answering other requests meanwhile; checkImport and parseImport run it
 * in one go. Either way it is the same check, with the same first problem.
 */
export type CheckSteps<T> = Generator<void, T, void>

/** Interviews checked between two pauses. */
export const CHECK_STEP = 250

/** Runs checking steps to the end at once. */
export function runSteps<T>(steps: CheckSteps<T>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

// Ajv is already loaded for request validation; TypeBox's own compiler would add about
// 0.4 s of module loading to every start for a check that runs only on import. Compiled on
// first use for the same reason.
// The document is checked in two parts: everything but the interviews' contents at once, then
// each interview on its own, so the checking can pause between interviews.
let ajv: Ajv | undefined
let shellValidator: ValidateFunction | undefined
let interviewValidator: ValidateFunction | undefined
function compile(schema: object): ValidateFunction {
  ajv ??= new Ajv({ allErrors: true, strict: false })
  return ajv.compile(schema)
}
const shell = () =>
  (shellValidator ??= compile(
    Closed({
      ...ExportDocument.properties,
      interviews: Type.Array(Type.Unknown(), { maxItems: MAX_INTERVIEWS }),
    }),
  ))
const oneInterview = () => (interviewValidator ??= compile(ExportInterview))

/** Document parts checked after the interviews; their problems come after any interview's. */
const AFTER_INTERVIEWS = /^(askQuestions|drafts|reminderSettings|study)\b/

/** "/interviews/2/questions/0/text" → "interviews[2].questions[0].text". */
export function formatPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
  let path = ''
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : path === '' ? part : `.${part}`
  return path || '(document)'
}

function describeError(error: ErrorObject, siblings: readonly ErrorObject[]): ImportProblem {
  const p = error.params
  const path = formatPath(error.instancePath)
  const at = (name: string) => (path === '(document)' ? name : `${path}.${name}`)
  // A nullable field reports one failure per alternative; say which types would do.
  if (siblings.some((e) => e.keyword === 'anyOf')) {
    const types = siblings.flatMap((e) => (e.keyword === 'type' ? [typeName(String(e.params.type))] : []))
    const enums = siblings.flatMap((e) => (e.keyword === 'enum' ? (e.params.allowedValues as unknown[]) : []))
    const options = [...new Set([...types, ...enums.map((v) => JSON.stringify(v))])]
    return { path, message: `must be ${options.join(' or ') || 'of another shape'}` }
  }
  switch (error.keyword) {
    case 'required':
      return { path: at(String(p.missingProperty)), message: errorMessage(error) }
    case 'additionalProperties':
      return { path: at(String(p.additionalProperty)), message: errorMessage(error) }
    case 'pattern':
      return {
        path,
        message: 'must be an ISO-8601 date and time with an offset, e.g. 2026-03-02T14:30:00.000Z',
      }
    default:
      return { path, message: errorMessage(error) }
  }
}

function firstProblem(errors: readonly ErrorObject[], prefix = ''): ImportProblem {
  const placed = prefix === '' ? errors : errors.map((e) => ({ ...e, instancePath: prefix + e.instancePath }))
  const first = placed[0]
  if (!first) return { path: '(document)', message: 'is not a Debrief export' }
  return describeError(
    first,
    placed.filter((e) => e.instancePath === first.instancePath),
  )
}

/** The first structural problem (in document order), or null when the value fits the schema. */
export function* schemaProblemSteps(value: unknown): CheckSteps<ImportProblem | null> {
  // Compiling a validator takes a while the first time, so each is a step of its own.
  const validateShell = shell()
  yield
  const outside = validateShell(value) ? null : firstProblem(validateShell.errors ?? [])
  if (outside && !AFTER_INTERVIEWS.test(outside.path)) return outside
  // The shell passed for `interviews`, so it is an array.
  const interviews = (value as { interviews: unknown[] }).interviews
  const validate = oneInterview()
  yield
  for (const [i, interview] of interviews.entries()) {
    if (i > 0 && i % CHECK_STEP === 0) yield
    if (!validate(interview)) return firstProblem(validate.errors ?? [], `/interviews/${i}`)
  }
  return outside
}

export const schemaProblem = (value: unknown) => runSteps(schemaProblemSteps(value))
