// The wire contract, typed once in the hub. A type-only import is erased at build time: the kiosk still
// talks to the hub only over HTTP and socket.io, but the compiler sees both sides of the contract.
import type { DeviceState, UnregisteredDevice } from '../../../server/sensors/types.js'

export type { DeviceKind, DeviceState, Reading, UnregisteredDevice } from '../../../server/sensors/types.js'

export interface Station {
  id: string
  name: string
}

/** The body of `GET /api/state` and of the socket `state` event. */
export interface StationState {
  station: Station
  devices: DeviceState[]
  unregistered: UnregisteredDevice[]
}
