import type { DeviceKind } from '../../lib/types.js'
import { t } from '../i18n.js'

// Inline SVG outlines (24-unit grid): no emoji font needed on the kiosk.
const paths: Record<DeviceKind, string> = {
  temperature: 'M10 4a2 2 0 0 1 4 0v9.5a4 4 0 1 1-4 0zM12 9v7',
  door: 'M5 21V3h11v18M3 21h16M13 12h.01M16 4l3 1.5V21',
  stock: 'M3 7.5 12 3l9 4.5v9L12 21l-9-4.5zM3 7.5l9 4.5 9-4.5M12 12v9',
}

export function KindIcon({ kind }: { kind: DeviceKind }) {
  return (
    <svg class="kind-icon" viewBox="0 0 24 24" role="img" aria-label={t(`kind.${kind}`)}>
      <path d={paths[kind] ?? paths.stock} />
    </svg>
  )
}
