import fp from 'fastify-plugin'
import { openDatabase } from '../db/connection.js'
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
    app.addHook('onClose', async () => {
      db.close()
    })
  },
  { name: 'db', dependencies: ['config'] },
)
