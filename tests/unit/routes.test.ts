/**
 * Issue 10 item 4: one fragment parser for every route. A link with other fragment parameters, before or
 * after the route, opens what it holds; unknown parameters are ignored (README: "Share links").
 */
import { describe, expect, it } from 'vitest'
import { createDocument } from '../../src/core/document'
import { createJourney } from '../../src/core/journey'
import { registry } from '../../src/layers'
import { decodeJourneyLink, encodeJourneyLink } from '../../src/preset/journeyLink'
import { decodeLink, encodeLink } from '../../src/preset/link'
import { parseRoute } from '../../src/routes'

const options = { registry }
const doc = createDocument(registry, ['sky', 'stars'], 77)
const payload = encodeLink(doc, registry)
const journeyPayload = encodeJourneyLink(createJourney([doc, createDocument(registry, ['sky', 'nebula'], 5)]), registry)

/** What the app does with a fragment: the router picks the route, the viewer decodes the route's payload. */
function open(hash: string) {
  const route = parseRoute(hash)
  if (route.name !== 'viewer') return { route }
  return { route, result: route.journey ? decodeJourneyLink(route.payload, options) : decodeLink(route.payload, options) }
}

describe('one fragment parser for every route', () => {
  it('#d=<payload>&t=12 opens the dreamscape in the viewer', () => {
    const { route, result } = open(`#d=${payload}&t=12`)
    expect(route).toEqual({ name: 'viewer', payload, journey: false })
    expect(result).toMatchObject({ ok: true, document: doc })
  })

  it('#t=12&d=<payload> opens the viewer, not the editor', () => {
    const { route, result } = open(`#t=12&d=${payload}`)
    expect(route).toEqual({ name: 'viewer', payload, journey: false })
    expect(result).toMatchObject({ ok: true, document: doc })
  })

  it('journeys and remixes read the same way; unknown parameters are ignored wherever they are', () => {
    expect(parseRoute(`#utm=x&j=${journeyPayload}&t=3`)).toEqual({ name: 'viewer', payload: journeyPayload, journey: true })
    expect(open(`#utm=x&j=${journeyPayload}&t=3`).result?.ok).toBe(true)
    expect(parseRoute(`#from=gallery&remix=${payload}`)).toEqual({ name: 'editor', remix: payload })
    expect(parseRoute('#t=12')).toEqual({ name: 'editor' })
    expect(parseRoute('')).toEqual({ name: 'editor' })
    expect(parseRoute('#dx=1&dd=2')).toEqual({ name: 'editor' })
  })

  it('links read by the decoders (CLI decode, embeds) accept the same fragments', () => {
    for (const form of [`https://a.example/p/#t=12&d=${payload}`, `#d=${payload}&t=12&x`, `t=1&d=${payload}`])
      expect(decodeLink(form, options)).toMatchObject({ ok: true, document: doc })
    for (const form of [`https://a.example/#t=3&j=${journeyPayload}`, `#j=${journeyPayload}&loop=0`])
      expect(decodeJourneyLink(form, options).ok).toBe(true)
  })
})
