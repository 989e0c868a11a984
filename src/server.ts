import { buildApp } from './app.js'
import { type Config, ConfigError, loadConfig } from './config.js'
import { MigrationError } from './db/migrate.js'

async function main() {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(2)
    }
    throw error
  }

  let app: Awaited<ReturnType<typeof buildApp>>
  try {
    app = await buildApp({ config })
  } catch (error) {
    if (error instanceof MigrationError) {
      process.stderr.write(`Cannot start: ${error.message}\n`)
      process.exit(1)
    }
    throw error
  }

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    await app.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ host: config.host, port: config.port })
}

await main()
