import type { App } from '../../src/app.js'
import type { ReminderSettings } from '../../src/db/reminders.js'
import type { User } from '../../src/db/users.js'
import { createUser, ONLY_RESEARCH, setReminderSettings } from './fixtures.js'

/** An account made as sign-up makes it, with the reminder settings given (by default only the research nudge). */
export function reminderUser(
  app: App,
  user: Parameters<typeof createUser>[1] = {},
  settings: Partial<ReminderSettings> = ONLY_RESEARCH,
): User {
  const made = createUser(app, user)
  setReminderSettings(app, made.id, settings)
  return made
}
