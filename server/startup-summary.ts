/** What a person starting the hub needs to know, in a few lines: where each page is, the demo login. */
export interface StartupInfo {
  stationName: string
  /** e.g. http://localhost:8080 */
  base: string
  mqttUrl: string
  demoLogin: { name: string; password: string } | null
  /** null: not a demo. */
  simulators: 'on' | 'off' | null
  holdOffMin: number
}

export function summaryLines(i: StartupInfo): string[] {
  const lines = [
    `${i.stationName} is running`,
    `  kiosk:            ${i.base}/`,
    `  manager console:  ${i.base}/manage.html${i.demoLogin ? `  (demo login: ${i.demoLogin.name} / ${i.demoLogin.password})` : ''}`,
    `  API docs:         ${i.base}/docs`,
    `  MQTT:             ${i.mqttUrl}`,
  ]
  if (i.simulators === 'on')
    lines.push(
      `  simulators: on (a device is left alone for ${i.holdOffMin} min after a reading published by hand; --no-simulators to run without them)`,
    )
  if (i.simulators === 'off') lines.push('  simulators: off (--no-simulators)')
  return lines
}

/** At a terminal a framed block on stdout; elsewhere (systemd, a pipe) one log line each, as JSON. */
export function printSummary(lines: string[], log: (line: string) => void, tty = process.stdout.isTTY): void {
  if (!tty) {
    for (const l of lines) log(l.trim())
    return
  }
  const rule = '─'.repeat(Math.min(100, Math.max(...lines.map((l) => l.length)) + 2))
  process.stdout.write(`\n${rule}\n${lines.map((l) => ` ${l}`).join('\n')}\n${rule}\n\n`)
}
