import type { ErrorObject, ValidateFunction } from 'ajv'
import fastJsonStringify from 'fast-json-stringify'
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify'
import { ajvFor } from './validation.js'

type Validator = ((data: unknown, context?: Parameters<ValidateFunction>[1]) => boolean) & {
  errors?: ErrorObject[] | null
  schemaEnv?: unknown
}

/**
 * Validator and serializer compilers that compile a route's schemas on the route's first
 * request instead of at start-up. Compiling all of them up front was about half a second of
 * every start, mostly for routes a process may never serve. `compileAll()` compiles whatever
 * is still pending, so a test can prove that every schema of the app compiles.
 */
export function lazySchemaCompilers() {
  const pending = new Set<() => void>()

  function lazily<F>(where: string, build: () => F): () => F {
    let compiled: F | undefined
    const get = () => {
      if (compiled === undefined) {
        try {
          compiled = build()
        } catch (error) {
          throw new Error(`${where}: ${(error as Error).message}`, { cause: error })
        }
        pending.delete(compile)
      }
      return compiled
    }
    const compile = () => void get()
    pending.add(compile)
    return get
  }

  const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart, method, url }) => {
    const get = lazily(`${method} ${url} ${httpPart ?? ''} schema`, () =>
      ajvFor(httpPart).compile(schema as object),
    )
    const validate: Validator = (data, context) => {
      const compiled: ValidateFunction = get()
      const valid = compiled(data, context)
      validate.errors = compiled.errors
      return valid as boolean
    }
    // Fastify hands the parent object (which lets Ajv coerce a root value) only to functions
    // carrying Ajv's schemaEnv mark, and it looks before the first call compiles anything.
    validate.schemaEnv = true
    return validate
  }

  const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url, httpStatus }) => {
    const get = lazily(`${method} ${url} ${httpStatus} response schema`, () =>
      fastJsonStringify(schema as Parameters<typeof fastJsonStringify>[0]),
    )
    return (data) => get()(data)
  }

  return {
    validatorCompiler,
    serializerCompiler,
    /** Compiles every schema not yet used; returns how many there were. Throws naming the route of a bad one. */
    compileAll(): number {
      const count = pending.size
      for (const compile of [...pending]) compile()
      return count
    },
  }
}
