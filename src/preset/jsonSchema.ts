/** The JSON Schema text committed as presets/dreamscape.schema.json (`npm run schema`). */
import { toJSONSchema } from 'zod/mini'
import type { LayerRegistry } from '../core/defineLayer'
import { documentSchema } from './schema'

export function documentJsonSchema(registry: LayerRegistry): string {
  const schema = toJSONSchema(documentSchema(registry), { io: 'input', target: 'draft-2020-12' })
  return `${JSON.stringify(schema, null, 2)}\n`
}
