// glitch-smear: the datamosh. The smear buffer holds the picture as a broken decoder would show it: old pixels
// dragged along blocky motion vectors instead of being refreshed. This effect lays that melt over the dream.
uniform sampler2D smearBuffer;

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  // the buffer was built from this pass's input; add only its difference, so effects merged before this one survive.
  // Both are the size of the picture and read at this pixel's centre: a fetch gives the filtered value exactly. The
  // input is read as the pass reads its own pixel where the pass does (DREAM_OWN_TEXEL, src/scene/EffectStack.tsx:
  // a nearest lookup, cheaper than a fetch on a software renderer, and the same lookup as the pass's own first one)
  ivec2 texel = ivec2(gl_FragCoord.xy);
#ifdef DREAM_OWN_TEXEL
  vec3 own = DREAM_OWN_TEXEL(inputBuffer).rgb;
#else
  vec3 own = texelFetch(inputBuffer, texel, 0).rgb;
#endif
  vec3 melted = texelFetch(smearBuffer, texel, 0).rgb - own;
  outputColor = vec4(max(inputColor.rgb + melted, 0.0), inputColor.a);
}
