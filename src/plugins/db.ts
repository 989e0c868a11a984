import fp from 'fastify-plugin'
import { closeDatabase, OPTIMIZE_INTERVAL_MS, openDatabase, optimizeDatabase } from '../db/connection.js'
import { repositories } from '../db/index.js'
import { migrate } from '../db/migrate.js'

export default fp(
  async (app) => {
    const db = openDatabase(app.config.databasePath)
    try {
      const applied = migrate(db, undefined, app.clock.now())
      if (applied.length > 0) app.log.info({ applied }, 'database migrated')
    } catch (error) {
      db.close()
      throw error
    }
    app.decorate('db', db)
    app.decorate('repos', repositories(db))
    // Statistics follow the data as it grows, so plans stay right for a server that runs for months.
    const timer = setInterval(() => {
      try {
        optimizeDatabase(db)
      } catch (error) {
        app.log.warn({ err: error }, 'refreshing the query planner statistics failed')
      }
    }, OPTIMIZE_INTERVAL_MS)
    timer.unref()
    app.addHook('onClose', async () => {
      clearInterval(timer)
      closeDatabase(db)
    })
  },
  { name: 'db', dependencies: ['config'] },
)
