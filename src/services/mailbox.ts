import type { Clock } from '../clock.js'
import type { Repositories } from '../db/index.js'
import type { MailboxMessage, MailboxSummary } from '../db/mailbox.js'
import type { AccessContext } from './access.js'
import { ownerOnly } from './checks.js'
import { notFound, ok, okOr, type ServiceResult } from './result.js'

export interface MailboxServiceDeps {
  repos: Pick<Repositories, 'mailbox'>
  clock: Clock
}

/** One page of the mailbox, newest first, with the counts its header shows. */
export interface MailboxPage {
  messages: MailboxSummary[]
  page: number
  pages: number
  total: number
  unread: number
}

export const MAILBOX_PAGE_SIZE = 25
export const NO_MESSAGE = 'There is no such message in your mailbox.'

/**
 * The in-app mailbox: what the local transport delivered for a user (with no SMTP server, every
 * reminder and note lands here). Reading never marks anything read; only the owner's own
 * "mark read" does.
 */
export function mailboxService(deps: MailboxServiceDeps) {
  const { repos, clock } = deps
  const message = (access: AccessContext, id: number) =>
    okOr(repos.mailbox.get(access.ownerId, id), () => notFound(NO_MESSAGE))

  return {
    page(access: AccessContext, page: number): MailboxPage {
      const total = repos.mailbox.count(access.ownerId)
      return {
        messages: repos.mailbox.list(access.ownerId, MAILBOX_PAGE_SIZE, (page - 1) * MAILBOX_PAGE_SIZE),
        page,
        pages: Math.max(1, Math.ceil(total / MAILBOX_PAGE_SIZE)),
        total,
        unread: repos.mailbox.unreadCount(access.ownerId),
      }
    },

    message: (access: AccessContext, id: number): ServiceResult<MailboxMessage> => message(access, id),

    /** The newest unread reminders and how many there are, for the dashboard. */
    unreadReminders: (access: AccessContext) => repos.mailbox.unreadReminders(access.ownerId),

    ...ownerOnly({
      /** Marks one message read (it may be read already); answers its id. */
      markRead(access: AccessContext, id: number): ServiceResult<number> {
        const found = message(access, id)
        if (!found.ok) return found
        repos.mailbox.markRead(access.ownerId, id, clock.now())
        return ok(id)
      },

      /** Marks every unread message read; answers how many were. */
      markAllRead(access: AccessContext): ServiceResult<number> {
        return ok(repos.mailbox.markAllRead(access.ownerId, clock.now()))
      },
    }),
  }
}

export type MailboxService = ReturnType<typeof mailboxService>
