import { Type } from 'typebox'
import type { DocSpec } from '../store/document.js'
import { FILES } from '../store/files.js'
import type { SavedDevice } from './registry.js'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

const Reading = Type.Object({
  at: Type.String(),
  temperature: Type.Optional(Type.Number()),
  contact: Type.Optional(Type.Boolean()),
  count: Type.Optional(Type.Number()),
  weight: Type.Optional(Type.Number()),
})

export interface StateData {
  version: 1
  /** Last known readings, so the kiosk shows something right after a restart. */
  devices: Record<string, SavedDevice>
}

/** `state.json`: each device's last known state, written every 5 s when something changed. */
export const STATE_DOC: DocSpec<StateData> = {
  file: FILES.state,
  schema: Type.Object({
    version: Type.Literal(1),
    devices: Type.Record(
      Type.String(),
      Type.Object({
        reading: Nullable(Reading),
        lastSeen: Nullable(Type.String()),
        battery: Nullable(Type.Number()),
        batteryLow: Type.Boolean(),
      }),
    ),
  }),
  initial: () => ({ version: 1, devices: {} }),
}
