// Issue 10.20: `npm install` warned that content-disposition@3.1.0 wants Node >= 22 while the README says
// >= 20.19. Every package the lockfile installs must admit the oldest Node the project says it runs on.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

// npm's own range rules (semver is in the tree through npm's tooling and a dozen packages).
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null
  satisfies(version: string, range: string): boolean
}
const root = new URL('../../', import.meta.url)

describe('the Node version the project states', () => {
  it('is admitted by every installed package, and is what the README says', async () => {
    const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8'))
    const lock = JSON.parse(await readFile(new URL('package-lock.json', root), 'utf8'))
    const oldest = semver.minVersion(pkg.engines.node)?.version as string
    expect(oldest).toBe('20.19.0')
    expect(await readFile(new URL('README.md', root), 'utf8')).toContain('Node.js ≥ 20.19')
    const refusing = Object.entries(lock.packages as Record<string, { version?: string; engines?: unknown }>)
      .filter(([, p]) => {
        const node = (p.engines as { node?: string } | undefined)?.node
        return typeof node === 'string' && !semver.satisfies(oldest, node)
      })
      .map(([path, p]) => `${path}@${p.version}: node ${(p.engines as { node: string }).node}`)
    expect(refusing).toEqual([])
  })
})
