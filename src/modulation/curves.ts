/**
 * Binding curves: how a source's 0..1 value is shaped before depth scales it. Each maps 0 to 0 and 1 to 1 and
 * stays in 0..1 for inputs in 0..1 (inputs outside are clamped first).
 */
export const CURVES = ['linear', 'smooth', 'exp', 'log', 'step'] as const
export type Curve = (typeof CURVES)[number]

// exp and log are inverses of each other: exp lingers low and rises late, log rises early and settles.
const K = 4
const EXP_K = Math.exp(K) - 1

export function applyCurve(curve: Curve, x: number): number {
  const v = x <= 0 ? 0 : x >= 1 ? 1 : x
  switch (curve) {
    case 'linear':
      return v
    case 'smooth':
      return v * v * (3 - 2 * v)
    case 'exp':
      return (Math.exp(K * v) - 1) / EXP_K
    case 'log':
      return Math.log1p(EXP_K * v) / K
    case 'step':
      return v >= 0.5 ? 1 : 0
  }
}

