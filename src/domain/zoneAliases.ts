import { isValidTimeZone, timeZoneNames } from './timeZones.js'

// What people type or paste for a zone besides its IANA name: older IANA links
// ("US/Eastern"), POSIX-style names with their daylight-saving rule ("EST5EDT"), other
// capitalisation. Each maps to the one canonical zone the runtime resolves it to.

export type ZoneResult = { ok: true; zone: string } | { ok: false; problem: string }

// A bare abbreviation names an offset, not a place: "EST" has no summer time, and most
// people who type it live where clocks change. They are refused with a pointer instead.
const ABBREVIATION = /^[A-Za-z]{2,5}[0-9]*$/
const WITH_DST_RULE = /^(EST5EDT|CST6CDT|MST7MDT|PST8PDT)$/i
// The zones those POSIX names follow (tzdata made them links to these in 2024b). Spelled out,
// because runtimes with older or newer time-zone data resolve them differently.
const DST_RULE_ZONES: Record<string, string> = {
  EST5EDT: 'America/New_York',
  CST6CDT: 'America/Chicago',
  MST7MDT: 'America/Denver',
  PST8PDT: 'America/Los_Angeles',
}
const UNIVERSAL = /^(UTC|GMT|Z|Zulu|UCT|Universal|Etc\/(UTC|GMT|UCT|Universal|Zulu))$/i
const GEOGRAPHIC = /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//

const known = () => new Set(timeZoneNames())

function resolved(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
  } catch {
    return undefined
  }
}

/**
 * The zone to store for what was typed, or why it can't be used. A geographic IANA name is
 * kept as given (the runtime may list it under an older spelling, e.g. Asia/Kolkata as
 * Asia/Calcutta); an unambiguous alias becomes the zone it is a link to.
 */
export function canonicalTimeZone(raw: string): ZoneResult {
  const name = raw.trim()
  if (name === '') return { ok: false, problem: 'must not be empty: choose where the times are on the clock' }
  if (WITH_DST_RULE.test(name)) return { ok: true, zone: DST_RULE_ZONES[name.toUpperCase()]! }
  if (known().has(name) || (GEOGRAPHIC.test(name) && isValidTimeZone(name))) return { ok: true, zone: name }
  if (UNIVERSAL.test(name)) return { ok: true, zone: 'UTC' }
  if (ABBREVIATION.test(name))
    return {
      ok: false,
      problem: `“${name}” is an abbreviation, not a place: choose a city such as New York or Berlin, whose clocks the times follow`,
    }
  const target = resolved(name)
  if (target && (known().has(target) || isValidTimeZone(target))) return { ok: true, zone: target }
  return {
    ok: false,
    problem: `“${name.slice(0, 64)}” is not a time zone Debrief knows: choose a city from the list, e.g. Europe/Berlin`,
  }
}
