import type { FastifyPluginAsync } from 'fastify'
import askQuestions from './askQuestions.js'
import drafts from './drafts.js'
import insights from './insights.js'
import interviewers from './interviewers.js'
import interviews from './interviews.js'
import me from './me.js'
import questions from './questions.js'
import reminders from './reminders.js'
import study from './study.js'
import transfer from './transfer.js'

/** Everything under /api/v1 requires a bearer token. */
const api: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', app.requireUser)
  await app.register(me)
  await app.register(reminders)
  await app.register(interviews)
  await app.register(interviewers)
  await app.register(questions)
  await app.register(askQuestions)
  await app.register(drafts)
  await app.register(insights)
  await app.register(transfer)
  await app.register(study)
}

export default api
