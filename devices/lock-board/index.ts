/**
 * The lock-board package's public face: what the hub's lockers feature (and anything else) imports. A bus per
 * serial port, a cabinet monitor over it, the profiles, the errors to check, and the simulator for tests and
 * the demo. See docs/lockers-wiring.md for the hardware side.
 */

export { createLockBoardBus, SerialLockBoardBus } from './bus.js'
export type { BusEvents, BusStats, LockBoardBus, LockBoardBusOptions } from './bus-api.js'
export { type Clock, systemClock } from './clock.js'
export { isLockBoardError, LockBoardError, type LockBoardErrorCode } from './errors.js'
export { CabinetMonitor, type CabinetMonitorOptions, type WatchedBoard } from './monitor.js'
export type { CabinetEvents, LockRef, RelayFact, UnlockOutcome } from './monitor-events.js'
export {
  boardProblems,
  type LockBoardProfile,
  type LockBoardSettings,
  PROFILE_NAMES,
  PROFILES,
  resolveProfile,
  SettingsError,
} from './profiles.js'
export { DEFAULT_RECONNECT, type ReconnectPolicy } from './serial-link.js'
export { type SimulatedCabinet, startSimulatedCabinet } from './simulate-cabinet.js'
export { SimBoard, type SimBoardOptions } from './simulator/board.js'
export { type MemoryLine, memoryLine } from './simulator/memory-line.js'
export { LockBoardSimulator, type LockBoardSimulatorOptions } from './simulator/simulator.js'
export type { BoardStatus, LockStatus, ProfileName, UnlockAck } from './types.js'
