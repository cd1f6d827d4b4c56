/** Moving documents in and out of the editor as files. All reading goes through the one preset loader. */
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { loadPreset, type LoadResult } from '../preset/load'
import { serializePreset } from '../preset/serialize'
import { downloadText, fileSlug } from '../export/download'

/** Files larger than this are refused before reading: no preset comes close (the loader caps at 256 KiB). */
const MAX_FILE_BYTES = 1024 * 1024

export const fileNameFor = (doc: DreamDocument) => `${fileSlug(doc.meta.title)}.json`

export function exportDocument(doc: DreamDocument, registry: LayerRegistry): void {
  downloadText(serializePreset(doc, { registry }), fileNameFor(doc))
}

export async function readPresetFile(file: File, registry: LayerRegistry): Promise<LoadResult | { ok: false; error: Error & { path?: string } }> {
  if (file.size > MAX_FILE_BYTES)
    return { ok: false, error: Object.assign(new Error(`"${file.name}" is ${(file.size / 1024).toFixed(0)} KiB; a preset file is at most 1024 KiB`), { path: '' }) }
  const text = await file.text()
  return loadPreset(text, { registry })
}
