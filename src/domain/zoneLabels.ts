import { isValidTimeZone, timeZoneNames } from './timeZones.js'

// Friendly names for the time-zone picker: "New York (Eastern Time, UTC−5)". The stored value
// stays the IANA name; the label is only what a person reads and types ahead on.

export interface ZoneOption {
  value: string
  label: string
}

export interface ZoneGroup {
  label: string
  zones: ZoneOption[]
}

const REGIONS: Record<string, string> = {
  Africa: 'Africa',
  America: 'Americas',
  Antarctica: 'Antarctica',
  Arctic: 'Arctic',
  Asia: 'Asia',
  Atlantic: 'Atlantic',
  Australia: 'Australia',
  Europe: 'Europe',
  Indian: 'Indian Ocean',
  Pacific: 'Pacific',
}
const OTHER = 'Other'

/** "GMT+5:30" / "GMT-5" / "GMT" (Intl's short offset) → minutes east of UTC. */
function parseShortOffset(text: string): number {
  const m = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(text)
  if (!m?.[1]) return 0
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '-' ? -minutes : minutes
}

const zonePart = (zone: string, at: number, style: 'shortOffset' | 'longGeneric'): string =>
  new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: style })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value ?? ''

/** The zone's offset from UTC at an instant, in minutes east. */
export function utcOffsetMinutes(zone: string, at: number): number {
  return parseShortOffset(zonePart(zone, at, 'shortOffset'))
}

/** 330 → "UTC+5:30", −300 → "UTC−5" (a true minus sign), 0 → "UTC". */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return 'UTC'
  const sign = minutes < 0 ? '−' : '+'
  const abs = Math.abs(minutes)
  const rest = abs % 60
  return `UTC${sign}${Math.floor(abs / 60)}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`
}

/** "America/Argentina/Buenos_Aires" → "Buenos Aires, Argentina"; "UTC" stays. */
function placeName(zone: string): string {
  const parts = zone.split('/').map((part) => part.replaceAll('_', ' '))
  if (parts.length === 1) return parts[0]!
  const city = parts[parts.length - 1]!
  return parts.length > 2 ? `${city}, ${parts[1]}` : city
}

/** "New York (Eastern Time, UTC−5)": the place, the zone's everyday name, its offset at `at`. */
export function zoneLabel(zone: string, at: number): string {
  const offset = formatUtcOffset(utcOffsetMinutes(zone, at))
  if (zone === 'UTC') return 'UTC (Coordinated Universal Time)'
  const generic = zonePart(zone, at, 'longGeneric')
  // Zones without a name of their own come back as "GMT+03:00", which the offset already says.
  const named = generic !== '' && !generic.startsWith('GMT')
  return `${placeName(zone)} (${named ? `${generic}, ` : ''}${offset})`
}

const regionOf = (zone: string): string => REGIONS[zone.split('/')[0]!] ?? OTHER

const QUARTER_HOUR = 15 * 60_000
let cache: { bucket: number; groups: ZoneGroup[] } | undefined

/**
 * Every zone, grouped by region and sorted by label. Offsets only change at daylight-saving
 * transitions, so the labels are built once per quarter hour rather than per page.
 */
function regionGroups(at: number): ZoneGroup[] {
  const bucket = Math.floor(at / QUARTER_HOUR)
  if (cache?.bucket === bucket) return cache.groups
  const byRegion = new Map<string, ZoneOption[]>()
  for (const zone of timeZoneNames()) {
    const region = regionOf(zone)
    const list = byRegion.get(region) ?? []
    list.push({ value: zone, label: zoneLabel(zone, at) })
    byRegion.set(region, list)
  }
  const order = [...Object.values(REGIONS), OTHER]
  const groups = order
    .filter((region) => byRegion.has(region))
    .map((region) => ({
      label: region,
      zones: byRegion.get(region)!.sort((a, b) => a.label.localeCompare(b.label, 'en')),
    }))
  cache = { bucket, groups }
  return groups
}

/**
 * The picker's groups: the user's own zone first (and the zone the form holds, when that is
 * another one, such as an interview logged while travelling, or a refused entry kept so it
 * can be corrected), then every region.
 */
export function zonePickerGroups(ownZone: string, current: string | undefined, at: number): ZoneGroup[] {
  const first = [...new Set([ownZone, current ?? ownZone])]
    .filter((zone) => zone !== '')
    .map((zone) => ({
      value: zone,
      label: isValidTimeZone(zone) ? zoneLabel(zone, at) : `${zone} (not a time zone)`,
    }))
  return [{ label: 'Your time zone', zones: first }, ...regionGroups(at)]
}
