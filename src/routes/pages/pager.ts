// A filtered list page (interviews, the question bank): its query's filters, and links to the
// pages around this one that keep them.

type ListQuery<K extends string> = Partial<Record<K, string>> & { page?: number }

/** The filters as the list's form shows them: every one, empty when not set. */
export function filtersOf<K extends string>(query: ListQuery<K>, keys: readonly K[]) {
  return Object.fromEntries(keys.map((key) => [key, query[key] ?? ''])) as Record<K, string>
}

/**
 * The pager: the pages before and after this one at `path`, with the filters that are set (in
 * `keys` order), and no number for page 1, so the first page has one address.
 */
export function pager<K extends string>(
  path: string,
  query: ListQuery<K>,
  keys: readonly K[],
  { total, perPage }: { total: number; perPage: number },
) {
  const page = query.page ?? 1
  const pages = Math.max(1, Math.ceil(total / perPage))
  const link = (n: number) => {
    const params = new URLSearchParams()
    for (const key of keys) if (query[key]) params.set(key, query[key])
    if (n > 1) params.set('page', String(n))
    const qs = params.toString()
    return qs ? `${path}?${qs}` : path
  }
  return {
    page,
    pages,
    prev: page > 1 ? link(page - 1) : null,
    next: page < pages ? link(page + 1) : null,
  }
}
