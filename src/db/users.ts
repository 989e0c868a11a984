import type { Db } from './connection.js'
import { keyedRows } from './keyedRows.js'
import { mapOne } from './rows.js'

export interface User {
  id: number
  email: string
  name: string
  timeZone: string
  isAdmin: boolean
  createdAt: number
}

interface UserRow {
  id: number
  email: string
  name: string
  time_zone: string
  is_admin: number
  created_at: number
}

const COLUMNS = 'id, email, name, time_zone, is_admin, created_at'

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    timeZone: row.time_zone,
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
  }
}

export interface NewUser {
  email: string
  name: string
  passwordHash: string
  timeZone: string
  isAdmin: boolean
}

export function usersRepository(db: Db) {
  const count = db.prepare('SELECT count(*) AS n FROM users').pluck()
  const any = db.prepare('SELECT EXISTS (SELECT 1 FROM users)').pluck()
  const byId = keyedRows<UserRow>(db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`))
  const byEmail = db.prepare(`SELECT ${COLUMNS} FROM users WHERE email = ?`)
  const hashByEmail = db.prepare('SELECT id, password_hash FROM users WHERE email = ?')
  const hashById = db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck()
  const insert = db.prepare(
    `INSERT INTO users (email, name, password_hash, time_zone, is_admin, created_at, updated_at)
     VALUES (@email, @name, @passwordHash, @timeZone, @isAdmin, @now, @now) RETURNING ${COLUMNS}`,
  )
  const updateProfile = db.prepare(
    'UPDATE users SET name = @name, email = @email, time_zone = @timeZone, updated_at = @now WHERE id = @id',
  )
  const updatePassword = db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?')
  const remove = db.prepare('DELETE FROM users WHERE id = ?')

  return {
    count: () => count.get() as number,
    /** Whether any account exists: one index entry read, where a count reads them all. */
    any: () => any.get() === 1,
    findById: (id: number) => {
      return mapOne(byId.get(id), toUser)
    },
    findByEmail: (email: string) => {
      return mapOne(byEmail.get(email), toUser)
    },
    credentials: (email: string) =>
      hashByEmail.get(email) as { id: number; password_hash: string } | undefined,
    passwordHash: (id: number) => hashById.get(id) as string | undefined,
    /**
     * The first account ever created is the admin, decided inside one transaction so two racing
     * sign-ups cannot both be first. A new account is more than this row: see
     * src/services/accounts/newAccount.ts.
     */
    create: db.transaction((user: Omit<NewUser, 'isAdmin'> & { isAdmin?: boolean }, now: number): User => {
      const isAdmin = user.isAdmin ?? (count.get() as number) === 0
      return toUser(insert.get({ ...user, isAdmin: isAdmin ? 1 : 0, now }) as UserRow)
    }),
    updateProfile: (id: number, profile: { name: string; email: string; timeZone: string }, now: number) =>
      updateProfile.run({ ...profile, id, now }).changes === 1,
    updatePassword: (id: number, passwordHash: string, now: number) =>
      updatePassword.run(passwordHash, now, id).changes === 1,
    /** Deletes the account; every row that carries its id goes with it (ON DELETE CASCADE), coach links included. */
    remove: (id: number) => remove.run(id).changes === 1,
  }
}

export type UsersRepository = ReturnType<typeof usersRepository>
