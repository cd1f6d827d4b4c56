/**
 * `dreamscape`: the whole library (layer declarations, presets, scene, embed) plus a React component.
 *   mountDreamscape(element, link)              any page
 *   <Dreamscape source={link} paused={...} />   React apps
 * Presets without three or react: `dreamscape/preset`. The custom element: `dreamscape/element`.
 */
export * from '../index'
export { Dreamscape, type DreamscapeProps } from './Dreamscape'
