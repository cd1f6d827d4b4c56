/** The reference for time-to-first-frame: the smallest r3f page (one full-screen mesh, basic material). */
import { Canvas } from '@react-three/fiber'
import { createRoot } from 'react-dom/client'

createRoot(document.getElementById('root')!).render(
  <Canvas flat dpr={1} gl={{ antialias: false }}>
    <mesh>
      <planeGeometry args={[2, 2]} />
      <meshBasicMaterial color="#3a2a6a" />
    </mesh>
  </Canvas>,
)
