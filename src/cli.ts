#!/usr/bin/env node
import { existsSync, realpathSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { backupDatabase } from './cli/backup.js'
import { BackupTargetError } from './cli/backupTarget.js'
import { printError, printOut, terminalText } from './cli/terminalText.js'
import { ConfigError, loadConfig } from './config.js'
import { openDatabase } from './db/connection.js'
import { repositories } from './db/index.js'
import { MigrationError, migrate } from './db/migrate.js'
import { ownerAccess } from './services/access.js'
import { accountsService } from './services/accounts/index.js'
import type { ServiceFailure } from './services/result.js'

const USAGE = `Debrief administration

  debrief user create --email EMAIL --name NAME [--time-zone ZONE] [--admin]
        password read from standard input (or prompted for)
  debrief user reset-password --email EMAIL
        new password from standard input; logs the user out everywhere
  debrief user delete --email EMAIL --yes
        deletes the account and all its data, and every coach access to or from it
  debrief token create --email EMAIL --name NAME
        prints the new API token alone on standard output
  debrief migrate
  debrief backup --to FILE|DIR [--keep N]
        online backup + integrity check; with a directory, timestamped files, keeping the newest N
  debrief reminders
        lists pending and failed reminders
  debrief coach list
        lists who coaches whom: link id, candidate, coach, since
  debrief coach revoke --candidate EMAIL --coach EMAIL
        ends a coach's access to a candidate's debrief (from the coach's next request)

Configuration comes from the same environment variables as the server (DATA_DIR, DATABASE_PATH, ...).
With npm: npm run cli -- user create --email you@example.com --name "Your Name"`

class UsageError extends Error {}

async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
  }
  // Interactive: do not echo the password.
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
  const output = rl as unknown as { _writeToOutput: (s: string) => void }
  process.stderr.write(prompt)
  output._writeToOutput = () => {}
  const answer = await new Promise<string>((resolve) => rl.question('', resolve))
  rl.close()
  process.stderr.write('\n')
  return answer
}

/** A refusal as one line: the fields at fault with their problems, or the message. */
function refusal(failure: ServiceFailure): UsageError {
  if (failure.error !== 'invalid') return new UsageError(failure.message)
  return new UsageError(
    Object.entries(failure.fields)
      .map(([f, m]) => `${f} ${m}`)
      .join('; '),
  )
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name]
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required.`)
  return value.trim()
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      'time-zone': { type: 'string' },
      admin: { type: 'boolean' },
      to: { type: 'string' },
      keep: { type: 'string' },
      yes: { type: 'boolean' },
      candidate: { type: 'string' },
      coach: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const command = positionals.join(' ')
  if (values.help || command === '' || command === 'help') {
    printOut(`${USAGE}\n`)
    return 0
  }

  const config = loadConfig()
  const db = openDatabase(config.databasePath)
  try {
    const applied = migrate(db)
    const repos = repositories(db)
    const now = Date.now()
    const accounts = accountsService({ db, repos, clock: { now: () => now } })
    switch (command) {
      case 'migrate':
        printOut(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n')
        return 0
      case 'user create': {
        const input = {
          email: required(values, 'email'),
          name: required(values, 'name'),
          timeZone: values['time-zone'] ?? 'UTC',
          password: await readPassword('Password: '),
        }
        const created = await accounts.create(input, values.admin ? { isAdmin: true } : {})
        if (!created.ok) throw refusal(created)
        const user = created.value
        printOut(`Created user ${user.id} <${terminalText(user.email)}>${user.isAdmin ? ' (admin)' : ''}.\n`)
        return 0
      }
      case 'user reset-password': {
        const email = required(values, 'email')
        if (!accounts.byEmail(email)) throw new UsageError(`No user with email ${terminalText(email)}.`)
        const reset = await accounts.resetPassword(email, await readPassword('New password: '))
        if (!reset.ok) throw refusal(reset)
        const user = reset.value
        printOut(`Password reset for ${terminalText(user.email)}; their sessions were ended.\n`)
        return 0
      }
      case 'user delete': {
        const user = repos.users.findByEmail(required(values, 'email'))
        if (!user) throw new UsageError(`No user with email ${terminalText(values.email)}.`)
        if (!values.yes)
          throw new UsageError(
            `This deletes ${terminalText(user.email)} and all their data for good. Run it again with --yes to go ahead.`,
          )
        repos.users.remove(user.id)
        printOut(
          `Deleted user ${user.id} <${terminalText(user.email)}>, their data and every coach access to or from them.\n`,
        )
        return 0
      }
      case 'coach list': {
        const rows = repos.coachLinks.listAll()
        if (rows.length === 0) printOut('No coach has access to anyone.\n')
        for (const r of rows)
          printOut(
            `${r.id}\t${terminalText(r.candidateEmail)}\t${terminalText(r.coachEmail)}\t${new Date(r.createdAt).toISOString()}\n`,
          )
        return 0
      }
      case 'coach revoke': {
        const candidate = repos.users.findByEmail(required(values, 'candidate'))
        if (!candidate) throw new UsageError(`No user with email ${terminalText(values.candidate)}.`)
        const coach = repos.users.findByEmail(required(values, 'coach'))
        if (!coach) throw new UsageError(`No user with email ${terminalText(values.coach)}.`)
        if (!repos.coachLinks.remove(candidate.id, coach.id))
          throw new UsageError(
            `${terminalText(coach.email)} has no access to ${terminalText(candidate.email)}'s debrief; see "coach list".`,
          )
        printOut(
          `${terminalText(coach.email)} no longer has access to ${terminalText(candidate.email)}'s debrief.\n`,
        )
        return 0
      }
      case 'token create': {
        const user = accounts.byEmail(required(values, 'email'))
        if (!user) throw new UsageError(`No user with email ${terminalText(values.email)}.`)
        // The administrator acts for the account's owner.
        const created = accounts.createToken(ownerAccess(user.id), required(values, 'name'))
        if (!created.ok) throw refusal(created)
        printOut(`${created.value.token}\n`)
        return 0
      }
      case 'backup': {
        const to = required(values, 'to')
        let keep: number | undefined
        if (values.keep !== undefined) {
          keep = Number(values.keep)
          if (!Number.isInteger(keep) || keep < 1)
            throw new UsageError('--keep must be a whole number of at least 1.')
        }
        const result = await backupDatabase(db, to, { keep, now })
        printOut(
          `Backup written to ${terminalText(result.file)} (integrity_check: ${terminalText(result.integrity)}).\n`,
        )
        for (const file of result.removed) printOut(`Removed old backup ${terminalText(file)}\n`)
        return 0
      }
      case 'reminders': {
        const { reminderReport } = await import('./cli/reminderReport.js')
        printOut(`${reminderReport(db, now)}\n`)
        return 0
      }
      default:
        throw new UsageError(`Unknown command "${terminalText(command)}".\n\n${USAGE}`)
    }
  } finally {
    db.close()
  }
}

// Run as a program (also through the `debrief` bin link, whose name differs), not when imported by tests.
const invokedDirectly =
  process.argv[1] !== undefined &&
  existsSync(process.argv[1]) &&
  realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (
        error instanceof UsageError ||
        error instanceof ConfigError ||
        error instanceof MigrationError ||
        error instanceof BackupTargetError
      ) {
        printError(`${error.message}\n`)
        process.exit(2)
      }
      printError(`${(error as Error).stack ?? String(error)}\n`)
      process.exit(1)
    },
  )
}
