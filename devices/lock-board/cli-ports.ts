/**
 * Which serial ports this machine has. node-serialport's list() asks udevadm, which a container or a minimal
 * image may not have (it rejects with `spawn udevadm ENOENT`): then the stable names are read straight from
 * /dev/serial/by-id, which udev fills whenever a USB adapter is plugged in. Never throws.
 */
import { readdir, realpath } from 'node:fs/promises'
import { join } from 'node:path'
import { SerialPort } from 'serialport'

export interface PortEntry {
  /** The stable path to put in the station file, when there is one. */
  path: string
  /** The kernel name it points to now (/dev/ttyUSB0). */
  device?: string
  description?: string
}

export interface ListResult {
  ports: PortEntry[]
  /** Why a source could not be used, for the person reading the list. */
  notes: string[]
}

type Lister = () => Promise<Array<{ path: string; manufacturer?: string; serialNumber?: string }>>

export async function listPorts(
  list: Lister = () => SerialPort.list(),
  byIdDir = '/dev/serial/by-id',
): Promise<ListResult> {
  const notes: string[] = []
  const ports = new Map<string, PortEntry>()
  try {
    for (const name of await readdir(byIdDir)) {
      const path = join(byIdDir, name)
      const device = await realpath(path).catch(() => undefined)
      ports.set(device ?? path, { path, device })
    }
  } catch (err) {
    notes.push(
      `${byIdDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (no USB serial adapter seen by udev)`,
    )
  }
  try {
    for (const p of await list()) {
      const description = [p.manufacturer, p.serialNumber].filter(Boolean).join(' ') || undefined
      const known = ports.get(p.path)
      if (known) known.description = description
      else ports.set(p.path, { path: p.path, device: p.path, description })
    }
  } catch (err) {
    notes.push(
      `SerialPort.list(): ${(err as Error).message} (usual in containers without udev; by-id names above still work)`,
    )
  }
  return { ports: [...ports.values()], notes }
}
