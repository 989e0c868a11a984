import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'

export default fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    app.decorate('config', opts.config)
    app.decorate('clock', opts.clock)
  },
  { name: 'config' },
)
