import { randomBytes } from 'node:crypto'
import { hashToken } from '../auth/tokens.js'
import type { FeedStatus } from '../db/calendar.js'
import type { Interview } from '../db/interviews.js'
import { buildCalendar } from '../domain/calendar.js'
import { formatLead } from '../domain/reminderPlan.js'
import type { AccessContext } from './access.js'
import { ownerOnly } from './checks.js'
import type { StoreDeps } from './deps.js'
import { INTERVIEW_NOT_FOUND } from './messages.js'
import { notFound, ok, type ServiceResult } from './result.js'

/** 256 random bits: the address is the only credential a calendar app can present. */
export function generateFeedToken(): string {
  return `cal_${randomBytes(32).toString('base64url')}`
}

const FEED_FILE = /^(cal_[A-Za-z0-9_-]{43})\.ics$/

/** What a feed is built from. */
export interface FeedSource {
  interviews: Interview[]
  leads: number[]
  calName: string
}

/** The secret calendar feed address of the owner, the feed itself, and one interview as a file. */
export function calendarService({ repos, clock, config }: StoreDeps) {
  const base = config.baseUrl.replace(/\/+$/, '')
  const feedUrl = (token: string) => `${base}/calendar/${token}.ics`
  const leadsOf = (ownerId: number) => repos.reminders.settings(ownerId).leads

  return {
    /** Whether a feed address exists, and the reminder leads its alerts use. */
    settings(access: AccessContext): { status: FeedStatus | undefined; leadLabels: string[] } {
      return {
        status: repos.calendar.status(access.ownerId),
        leadLabels: leadsOf(access.ownerId).map(formatLead),
      }
    },

    /** One interview as an .ics file. */
    interviewFile(access: AccessContext, interviewId: number): ServiceResult<string> {
      const interview = repos.interviews.get(access.ownerId, interviewId)
      if (!interview) return notFound(INTERVIEW_NOT_FOUND)
      return ok(
        buildCalendar([interview], { now: clock.now(), baseUrl: base, leads: leadsOf(access.ownerId) }),
      )
    },

    /**
     * The owner of a feed file name (`cal_….ics`), recording that a calendar fetched it. The
     * token in the path is the credential, so this is the one method without an access
     * context: it is what the feed's access is resolved from.
     */
    feedOwner(file: string): number | undefined {
      const token = FEED_FILE.exec(file)?.[1]
      return token ? repos.calendar.ownerOf(hashToken(token), clock.now()) : undefined
    },

    /** What the owner's feed is built from; the route keeps the built feed while this is unchanged. */
    feedSource(access: AccessContext): FeedSource {
      const user = repos.users.findById(access.ownerId)
      return {
        interviews: repos.calendar.feedInterviews(access.ownerId, clock.now()),
        leads: leadsOf(access.ownerId),
        calName: user ? `Debrief — ${user.name}` : 'Debrief',
      }
    },

    /** The feed itself, from what feedSource read. */
    build(source: FeedSource, now: number): string {
      return buildCalendar(source.interviews, {
        now,
        baseUrl: base,
        leads: source.leads,
        calName: source.calName,
      })
    },

    ...ownerOnly({
      /**
       * A new feed address; the previous one stops working at once. Only its hash is stored,
       * so the answer is the one moment the address exists in readable form.
       */
      rotate(access: AccessContext): ServiceResult<{ url: string; webcalUrl: string }> {
        const token = generateFeedToken()
        repos.calendar.rotate(access.ownerId, hashToken(token), clock.now())
        const url = feedUrl(token)
        return ok({ url, webcalUrl: url.replace(/^https?:/, 'webcal:') })
      },

      /** ok(false) when there was no feed to turn off. */
      disable(access: AccessContext): ServiceResult<boolean> {
        return ok(repos.calendar.disable(access.ownerId))
      },
    }),
  }
}

export type CalendarService = ReturnType<typeof calendarService>
