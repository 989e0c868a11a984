import { Type } from 'typebox'

/**
 * The `:id` of every route in both trees. Ids beyond the safe integers would be rounded
 * before the lookup (and could name another row), so they are refused as no id at all.
 */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) })
