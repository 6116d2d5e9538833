import { spawn } from 'node:child_process'

/**
 * The sd_notify protocol (sd_notify(3)): a service tells systemd it is ready, alive (watchdog) or stopping
 * by a datagram on the AF_UNIX socket named in $NOTIFY_SOCKET. Node has no AF_UNIX datagram sockets, so the
 * message goes through systemd's own `systemd-notify` (in the systemd package, so on every machine where the
 * unit runs): no native addon to build on the station, no install script for npm 11 to skip. It sends from
 * its own PID, so the unit needs NotifyAccess=all; and without --no-block it waits until systemd has taken
 * the message (BARRIER=1), so a message from a process that exits at once is never lost (systemd-notify(1)).
 */
export interface SdNotify {
  /** True when $NOTIFY_SOCKET is set (started by systemd with Type=notify) and systemd-notify was found. */
  readonly enabled: boolean
  /** Sends `KEY=VALUE` lines; resolves true once systemd took them, false when disabled or it failed. */
  send(...fields: string[]): Promise<boolean>
}

export interface SdNotifyOptions {
  env?: NodeJS.ProcessEnv
  /** The sending program (tests may give another); default systemd-notify from PATH. */
  command?: string
  /** Told once when a message could not be sent, and why. */
  onError?: (message: string) => void
}

export function sdNotify(opts: SdNotifyOptions = {}): SdNotify {
  const env = opts.env ?? process.env
  const socket = env.NOTIFY_SOCKET
  const command = opts.command ?? 'systemd-notify'
  let enabled = Boolean(socket)
  let warned = false
  const warn = (message: string) => {
    if (!warned) opts.onError?.(message)
    warned = true
  }
  return {
    get enabled() {
      return enabled
    },
    send(...fields) {
      if (!enabled || !socket) return Promise.resolve(false)
      return new Promise((resolve) => {
        const child = spawn(command, fields, {
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { PATH: env.PATH ?? '/usr/bin:/bin', NOTIFY_SOCKET: socket },
        })
        let stderr = ''
        child.stderr?.on('data', (d) => (stderr += d))
        child.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') {
            enabled = false
            warn(`sd_notify: ${command} not found (Debian package systemd); no readiness or watchdog pings`)
          } else warn(`sd_notify: ${command}: ${err.message}`)
          resolve(false)
        })
        child.on('close', (code) => {
          if (code !== 0) warn(`sd_notify: ${command} ${fields.join(' ')} failed: ${stderr.trim() || code}`)
          resolve(code === 0)
        })
      })
    },
  }
}
