import { defineEvents } from '../store/event-kit.js'
import {
  ColdChainDayData,
  ColdChainExcursionData,
  CommandResultData,
  DeviceStateData,
} from './protocol-events.js'

/**
 * The journal events the uplink itself records at the station, so they go up in order with everything else
 * and survive a restart: a device's state (at most every uplink.deviceStateMinSec, at once when it comes
 * online or goes offline), a fridge's day so far, and what became of a command from the district.
 */
export const UplinkEvents = defineEvents({
  'device.state': {
    v: 1,
    schema: DeviceStateData,
    description: 'A device’s state, recorded for the district (rate-limited), when the uplink is on.',
  },
  'coldchain.day': {
    v: 1,
    schema: ColdChainDayData,
    description: 'A fridge’s minimum and maximum of a station day so far, recorded hourly for the district.',
  },
  'coldchain.excursion': {
    v: 1,
    schema: ColdChainExcursionData,
    description:
      'A fridge’s temperature left its range, or came back (a temperature alert raised or cleared).',
  },
  'command.result': {
    v: 1,
    schema: CommandResultData,
    description: 'A command from the district applied (ok) or refused (with the problem), once per command.',
  },
})
