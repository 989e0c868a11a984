/** Longest address SMTP carries (RFC 5321's path limit less the angle brackets). */
export const EMAIL_MAX = 254
/** Longest local part (before the @), RFC 5321. */
export const EMAIL_LOCAL_MAX = 64

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/
const TOP_LEVEL = /^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/

/**
 * The one rule for an e-mail address Debrief stores or sends to: exactly one bare addr-spec
 * (dot-atom local part, a domain of at least two labels ending in a real top-level label).
 * Addresses end up in mail headers, so anything that could add a recipient or a header
 * (commas, CR/LF, "Name <addr>", quoted local parts) is refused rather than interpreted.
 * Answers what is wrong, in words a form can show beside the field; undefined when valid.
 */
export function emailAddressProblem(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'must be on one line'
  if (/[,;]/.test(value)) return 'must be exactly one address (no commas or semicolons)'
  if (/[<>"()[\]\\]/.test(value))
    return 'must be a bare address like name@example.com, without a display name or brackets'
  if (/[\s\p{Cc}]/u.test(value)) return 'must not contain spaces'
  if (value.length > EMAIL_MAX) return `must be at most ${EMAIL_MAX} characters`
  const parts = value.split('@')
  if (parts.length !== 2) return 'must be one address like name@example.com'
  const [local, domain] = parts as [string, string]
  if (local.length === 0 || local.length > EMAIL_LOCAL_MAX || !LOCAL_PART.test(local))
    return 'must be a valid address like name@example.com (check the part before @)'
  const labels = domain.split('.')
  if (
    labels.length < 2 ||
    !labels.every((label) => DOMAIN_LABEL.test(label)) ||
    !TOP_LEVEL.test(labels.at(-1)!)
  )
    return 'must be a valid address like name@example.com (check the part after @)'
  return undefined
}

/** One bare e-mail address by the rule above: nothing that could add a recipient. */
export const isSingleAddress = (value: string): boolean => emailAddressProblem(value) === undefined
