import { zoneOffsets } from './zoneOffsets.js'

// The runtime's zone list omits "UTC" and lists some zones only under their older
// canonical names (Node 20: "Asia/Calcutta", not "Asia/Kolkata"), so membership is
// decided by the runtime's time-zone database itself, restricted to IANA-style names.
const IANA_NAME = /^(UTC|[A-Z][A-Za-z_-]+(\/[A-Za-z0-9_+-]+){1,2})$/

// Asking the runtime builds a DateTimeFormat, which costs more than the rest of checking an
// interview: zoneOffsets keeps the one it builds for each zone found valid, and reads offsets with it.
export function isValidTimeZone(zone: string): boolean {
  return IANA_NAME.test(zone) && zoneOffsets(zone).valid
}

let cached: string[] | undefined
/** Zone names offered in pickers. */
export function timeZoneNames(): string[] {
  cached ??= ['UTC', ...Intl.supportedValuesOf('timeZone')]
  return cached
}
