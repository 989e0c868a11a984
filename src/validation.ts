import { Ajv, type ErrorObject } from 'ajv'
import addFormatsModule from 'ajv-formats'

// ajv-formats ships CommonJS with a default export property.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

function buildAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    strict: false,
  })
  addFormats(ajv)
  return ajv
}

// Query strings and path params are text by nature and need coercion; JSON bodies must
// not be coerced, or {"company": 42} would silently become "42" instead of a clear 400.
const strictAjv = buildAjv(false)
const coercingAjv = buildAjv(true)

/** The Ajv instance for a part of the request: bodies strictly, the text parts with coercion. */
export const ajvFor = (httpPart: string | undefined): Ajv => (httpPart === 'body' ? strictAjv : coercingAjv)

export type FieldErrors = Record<string, string>

/** "a string", "an object", "a whole number": a JSON type named for a sentence. */
export const typeName = (type: string): string =>
  type === 'integer'
    ? 'a whole number'
    : type === 'null'
      ? 'null'
      : /^[aeiou]/.test(type)
        ? `an ${type}`
        : `a ${type}`

/** One Ajv error as the end of a sentence about its field ("must be at most 200 characters"). */
export function errorMessage(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return 'is required'
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters`
    case 'maxLength':
      return `must be at most ${p.limit} characters`
    case 'minimum':
      return `must be at least ${p.limit}`
    case 'maximum':
      return `must be at most ${p.limit}`
    case 'type':
      return `must be ${typeName(String(p.type))}`
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`
    case 'format':
      return p.format === 'email' ? 'must be a valid email address' : `must be a valid ${p.format}`
    case 'pattern':
      return 'has an invalid format'
    case 'additionalProperties':
      return 'is not a known field'
    case 'maxItems':
      return `must have at most ${p.limit} items`
    default:
      return error.message ?? 'is invalid'
  }
}

/** Turns ajv's errors into one human message per field, keyed by the field's path ("email", "sources.0"). */
export function fieldErrors(errors: readonly ErrorObject[] | null | undefined): FieldErrors {
  const fields: FieldErrors = {}
  for (const error of errors ?? []) {
    const p = error.params as Record<string, unknown>
    let path = error.instancePath.replace(/^\//, '').replaceAll('/', '.')
    if (error.keyword === 'required') path = [path, p.missingProperty].filter(Boolean).join('.')
    if (error.keyword === 'additionalProperties')
      path = [path, p.additionalProperty].filter(Boolean).join('.')
    // anyOf/oneOf produce one error per branch; the first specific message is the useful one.
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') continue
    fields[path || '(body)'] ??= errorMessage(error)
  }
  return fields
}

export function summarize(fields: FieldErrors): string {
  return Object.entries(fields)
    .map(([field, message]) => `${field} ${message}`)
    .join('; ')
}
