import { useRef } from 'react'

/** Same length and, position by position, the same elements by `same`. */
export function sameElements<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean = Object.is): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!same(a[i]!, b[i]!)) return false
  return true
}

/**
 * `items`, or the array this hook returned last if that one holds the same elements by `same`: a memo or effect
 * dependency that changes when what it stands for changes, not whenever a parent builds a new array. (The ref is
 * written during render: a render React throws away can at worst cost one rebuild too many.)
 */
export function useStableArray<T>(items: readonly T[], same: (x: T, y: T) => boolean = Object.is): readonly T[] {
  const last = useRef(items)
  if (!sameElements(last.current, items, same)) last.current = items
  return last.current
}
