// glitch-smear: the datamosh. The smear buffer holds the picture as a broken decoder would show it: old pixels
// dragged along blocky motion vectors instead of being refreshed. This effect lays that melt over the dream.
uniform sampler2D smearBuffer;

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  // the buffer was built from this pass's input; add only its difference, so effects merged before this one survive.
  // Both are the size of the picture and read at this pixel's centre: a fetch gives the filtered value exactly
  ivec2 texel = ivec2(gl_FragCoord.xy);
  vec3 melted = texelFetch(smearBuffer, texel, 0).rgb - texelFetch(inputBuffer, texel, 0).rgb;
  outputColor = vec4(max(inputColor.rgb + melted, 0.0), inputColor.a);
}
