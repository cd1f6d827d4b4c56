/** Files handed to the person: a name made from the dream's title, and a download through a temporary link. */

/** A file name from a dream title: "Neoterra at dawn" -> "neoterra-at-dawn" (accents dropped, at most 60 characters). */
export function fileSlug(title: string, fallback = 'dreamscape'): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return slug || fallback
}

/** Save a blob under a file name through a temporary link (no server involved). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // the download has started reading the blob by now; keep the URL a moment longer for slow browsers
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export const downloadText = (text: string, fileName: string, type = 'application/json'): void =>
  downloadBlob(new Blob([text], { type }), fileName)
