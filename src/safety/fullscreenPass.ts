/** Moved to src/scene/fullscreenPass.ts (it is general: a layer uses it too); kept while src/safety/flashLimiter.ts imports it here. */
export * from '../scene/fullscreenPass'
