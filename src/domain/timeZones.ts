// The runtime's zone list omits "UTC" and lists some zones only under their older
// canonical names (Node 20: "Asia/Calcutta", not "Asia/Kolkata"), so membership is
// decided by the runtime's time-zone database itself, restricted to IANA-style names.
const IANA_NAME = /^(UTC|[A-Z][A-Za-z_-]+(\/[A-Za-z0-9_+-]+){1,2})$/

// Zones found valid so far: asking the runtime builds a DateTimeFormat, which costs more than
// the rest of checking an interview. Only valid names are kept, so this holds a few hundred at most.
const knownZones = new Set<string>()

export function isValidTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true
  if (!IANA_NAME.test(zone)) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
  } catch {
    return false
  }
  knownZones.add(zone)
  return true
}

let cached: string[] | undefined
/** Zone names offered in pickers. */
export function timeZoneNames(): string[] {
  cached ??= ['UTC', ...Intl.supportedValuesOf('timeZone')]
  return cached
}
