import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatTable, makeNameTable, TABLE_FILE } from '../../kiosk-ui/scripts/name-table/make.js'

describe('the name table', () => {
  it('is what kiosk-ui/scripts/name-table/make.ts makes (run `npm run name-table` after changing its lists)', () => {
    expect(readFileSync(TABLE_FILE, 'utf8')).toBe(formatTable(makeNameTable()))
  })

  it('has every character of GB 2312 that may be in a name, and the name characters beyond it', () => {
    const table = makeNameTable()
    const all = new Set(Object.values(table.chars).flatMap((s) => Array.from(s)))
    expect(all.size).toBeGreaterThan(6600)
    for (const c of '玥珺喆堃') expect(all).toContain(c)
    for (const c of '的死屎') expect(all).not.toContain(c)
    expect(table.surnames.shan).toContain('闪')
    expect(table.surnames.tie).toContain('铁')
    expect(table.compound["ou'yang"]).toEqual(['欧阳'])
  })
})
