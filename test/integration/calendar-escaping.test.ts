import ICAL from 'ical.js'
import { afterEach, describe, expect, it } from 'vitest'
import { type Agent, signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { seedInterviews, userIdOf } from '../helpers/insightFixtures.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

interface Property {
  name: string
  params: string
  value: string
}
interface Component {
  name: string
  properties: Property[]
  children: Component[]
}

/**
 * A strict reading of RFC 5545's line structure: lines end in CRLF and nothing else, no line
 * is longer than 75 octets, no CR or LF appears inside a line, and continuation lines (leading
 * space or tab) are unfolded before properties are read.
 */
function strictParse(body: string): Component {
  expect(body.endsWith('\r\n')).toBe(true)
  const physical = body.slice(0, -2).split('\r\n')
  const logical: string[] = []
  for (const line of physical) {
    expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75)
    expect(line, 'bare CR or LF inside a line').not.toMatch(/[\r\n]/)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(line, 'control character inside a line').not.toMatch(/[\u0000-\u0008\u000A-\u001F\u007F]/)
    // A fold inside a UTF-8 sequence would have decoded to replacement characters.
    expect(line).not.toContain('\uFFFD')
    if (line.startsWith(' ') || line.startsWith('\t')) {
      expect(logical.length).toBeGreaterThan(0)
      logical[logical.length - 1] += line.slice(1)
    } else logical.push(line)
  }
  const root: Component = { name: '', properties: [], children: [] }
  const stack = [root]
  for (const line of logical) {
    const match = /^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$/.exec(line)
    expect(match, `not a property line: ${line}`).not.toBeNull()
    const [, name, params, value] = match as unknown as [string, string, string, string]
    const top = stack[stack.length - 1]!
    if (name === 'BEGIN') {
      const child: Component = { name: value, properties: [], children: [] }
      top.children.push(child)
      stack.push(child)
    } else if (name === 'END') {
      expect(top.name).toBe(value)
      stack.pop()
    } else top.properties.push({ name, params, value })
  }
  expect(stack).toHaveLength(1)
  expect(root.children).toHaveLength(1)
  return root.children[0]!
}

/** A TEXT value back to its text; anything but the four escapes RFC 5545 defines is refused. */
function unescapeText(value: string): string {
  expect(value, 'unescaped comma or semicolon in a TEXT value').not.toMatch(/(^|[^\\])(\\\\)*[,;]/)
  return value.replace(/\\(.)/g, (_, c: string) => {
    if (c === 'n' || c === 'N') return '\n'
    expect(['\\', ',', ';']).toContain(c)
    return c
  })
}

const prop = (component: Component, name: string) => {
  const found = component.properties.filter((p) => p.name === name)
  expect(found, name).toHaveLength(1)
  return unescapeText(found[0]!.value)
}

/** The structure without the values: component names, and the property names of each. */
function shape(component: Component): unknown {
  return {
    name: component.name,
    properties: component.properties.map((p) => p.name),
    children: component.children.map(shape),
  }
}

// Every way of breaking a line, in the middle of what would otherwise be forged properties
// and events, plus the characters TEXT values must escape and multi-byte text near the fold.
const INJECTION = 'ATTACH:https://evil.example/x.exe'
const FORGED_EVENT = 'END:VEVENT\rBEGIN:VEVENT\rUID:forged@evil\rSUMMARY:Forged'
const HOSTILE = {
  company: `Evil\r${INJECTION}\r${FORGED_EVENT}, Inc; \\back\\slash ${'é🙂'.repeat(12)}`,
  role: `Engineer\nATTACH:https://evil.example/lf\nX-INJECTED:1`,
  location: `Room 4\r\nATTACH:https://evil.example/crlf\r\nBEGIN:VALARM`,
  userName: `Ada\rX-WR-CALNAME:Forged\rBEGIN:VEVENT`,
  notes: `Notes\rATTACH:https://evil.example/notes\r\nEND:VCALENDAR`,
  interviewer: `Sam\rATTACH:https://evil.example/sam`,
}
/** What a client must read back: every kind of line break is one newline. */
const asRead = (text: string) => text.replace(/\r\n|\r|\n/g, '\n')

const DAY = 86_400_000

describe('calendar text from user data (bare CR, LF, CRLF)', () => {
  let ctx: Ctx
  afterEach(async () => ctx?.close())

  async function setup(data: typeof HOSTILE) {
    ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' } })
    const ada = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada', timeZone: 'UTC' })
    const adaId = userIdOf(ctx.app.db, 'ada@example.com')
    ctx.app.db.prepare('UPDATE users SET name = ? WHERE id = ?').run(data.userName, adaId)
    const endsAt = ctx.clock.now() + 2 * DAY
    const [id] = seedInterviews(ctx.app.db, adaId, [
      {
        company: data.company,
        role: data.role,
        kind: 'technical',
        startsAt: endsAt - 3_600_000,
        endsAt,
        location: data.location,
        notes: data.notes,
        interviewers: [{ name: data.interviewer, title: data.interviewer }],
      },
    ])
    return { ada, id: id! }
  }

  async function feedOf(agent: Agent): Promise<string> {
    const page = await agent.submit('/settings/calendar/rotate', {}, '/settings/calendar')
    const url = /id="calendar-url" type="text" readonly value="([^"]+)"/.exec(page.body)?.[1]
    expect(url).toBeDefined()
    const response = await ctx.app.inject({ url: new URL(url!).pathname })
    expect(response.statusCode).toBe(200)
    return response.body
  }

  async function bodies() {
    const { ada, id } = await setup(HOSTILE)
    const single = await ada.get(`/interviews/${id}/calendar.ics`)
    expect(single.statusCode).toBe(200)
    return { id, feed: await feedOf(ada), single: single.body }
  }

  it('keeps the line structure of a plain calendar: no extra properties or events', async () => {
    const plain = await setup({
      company: 'Plain',
      role: 'Engineer',
      location: 'Room 4',
      userName: 'Ada',
      notes: 'n',
      interviewer: 'Sam',
    })
    const expectedFeed = shape(strictParse(await feedOf(plain.ada)))
    const expectedSingle = shape(
      strictParse((await plain.ada.get(`/interviews/${plain.id}/calendar.ics`)).body),
    )
    await ctx.close()

    const { feed, single } = await bodies()
    expect(shape(strictParse(feed))).toEqual(expectedFeed)
    expect(shape(strictParse(single))).toEqual(expectedSingle)
    for (const body of [feed, single]) {
      const calendar = strictParse(body)
      expect(calendar.children.map((c) => c.name)).toEqual(['VEVENT', 'VEVENT'])
      expect(JSON.stringify(calendar)).not.toMatch(/"name":"(ATTACH|X-INJECTED)"/)
      expect(calendar.children.flatMap((c) => c.properties).filter((p) => p.name === 'UID')).toHaveLength(2)
    }
  })

  it('round-trips every value to the original text, newlines included (strict reading)', async () => {
    const { id, feed, single } = await bodies()
    const company = asRead(HOSTILE.company)
    const role = asRead(HOSTILE.role)
    for (const body of [feed, single]) {
      const [interview, deadline] = strictParse(body).children as [Component, Component]
      expect(prop(interview, 'UID')).toBe(`interview-${id}@debrief`)
      expect(prop(interview, 'SUMMARY')).toBe(`Interview: ${company} — ${role}`)
      expect(prop(interview, 'LOCATION')).toBe(asRead(HOSTILE.location))
      expect(prop(deadline, 'UID')).toBe(`deadline-${id}@debrief`)
      expect(prop(deadline, 'SUMMARY')).toBe(`Follow-up due: ${company} — ${role}`)
      expect(prop(deadline, 'DESCRIPTION')).toContain(`for the ${company} interview`)
      const [alarm] = deadline.children as [Component]
      expect(alarm.name).toBe('VALARM')
      expect(prop(alarm, 'DESCRIPTION')).toBe(`Follow-up for ${company} due in 4 h`)
      // Notes and interviewers are not part of the calendar at all.
      expect(body).not.toContain('evil.example/notes')
      expect(body).not.toContain('evil.example/sam')
    }
    expect(prop(strictParse(feed), 'X-WR-CALNAME')).toBe(`Debrief — ${asRead(HOSTILE.userName)}`)
  })

  it('reads the same with ical.js: two events, one alarm, the original text', async () => {
    const { id, feed, single } = await bodies()
    for (const body of [feed, single]) {
      const calendar = new ICAL.Component(ICAL.parse(body) as unknown[])
      const events = calendar.getAllSubcomponents('vevent')
      expect(events.map((e) => e.getFirstPropertyValue('uid'))).toEqual([
        `interview-${id}@debrief`,
        `deadline-${id}@debrief`,
      ])
      const [interview, deadline] = events as [ICAL.Component, ICAL.Component]
      expect(interview.getFirstPropertyValue('summary')).toBe(
        `Interview: ${asRead(HOSTILE.company)} — ${asRead(HOSTILE.role)}`,
      )
      expect(interview.getFirstPropertyValue('location')).toBe(asRead(HOSTILE.location))
      expect(interview.getAllSubcomponents()).toHaveLength(0)
      expect(deadline.getAllSubcomponents('valarm')).toHaveLength(1)
      for (const event of events) {
        expect(event.getAllProperties('attach')).toHaveLength(0)
        expect(event.getAllProperties('x-injected')).toHaveLength(0)
      }
      expect(calendar.getAllSubcomponents()).toHaveLength(2)
    }
    // ical.js leaves the value of an X- property it has no type for escaped.
    const calendar = new ICAL.Component(ICAL.parse(feed) as unknown[])
    expect(calendar.getAllProperties('x-wr-calname')).toHaveLength(1)
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(
      `Debrief — ${asRead(HOSTILE.userName).replace(/\n/g, '\\n')}`,
    )
  })
})
