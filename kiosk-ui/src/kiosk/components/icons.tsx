// Inline SVG outlines on a 24-unit grid: no emoji or symbol font needed on the kiosk (no tofu).
const paths = {
  home: 'M3 11 12 3l9 8M5 9.5V21h5v-6h4v6h5V9.5',
  back: 'M15 5l-7 7 7 7',
  check: 'M4 12.5 9.5 18 20 6',
  backspace: 'M8 5h12a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H8l-6-7zM11 9l6 6M17 9l-6 6',
  checkin: 'M9 4h6v3H9zM7 5H5v16h14V5h-2M8.5 14l2.5 2.5 5-5',
  health:
    'M12 20s-7.5-4.6-7.5-10A4.2 4.2 0 0 1 12 7a4.2 4.2 0 0 1 7.5 3c0 5.4-7.5 10-7.5 10zM3 13h5l1.5-3 3 6 1.5-3h7',
  help: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM10 7h4v3.5h3.5v3H14V17h-4v-3.5H6.5v-3H10z',
  fridge: 'M6 3h12v18H6zM6 10h12M9 6v2M9 13v3',
  medicine: 'M4 8h16v12H4zM9 8V5h6v3M12 11v6M9 14h6',
  notice: 'M4 10v4h3l7 4V6L7 10zM17 9.5a3.5 3.5 0 0 1 0 5',
  devices: 'M4 5h7v6H4zM13 5h7v6h-7zM4 13h7v6H4zM13 13h7v6h-7z',
  cancel: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM8.5 8.5l7 7M15.5 8.5l-7 7',
  minus: 'M5 12h14',
  plus: 'M12 5v14M5 12h14',
  locker: 'M5 3h14v18H5zM12 3v18M9 11v2M15 11v2',
} as const

export type IconName = keyof typeof paths

export function Icon({ name, class: className }: { name: IconName; class?: string }) {
  return (
    <svg class={`icon ${className ?? ''}`} viewBox="0 0 24 24" aria-hidden="true">
      <path d={paths[name]} />
    </svg>
  )
}
