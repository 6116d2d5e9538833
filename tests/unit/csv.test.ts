import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from '../../server/csv.js'

describe('CSV for spreadsheets', () => {
  it('quotes what needs quoting (RFC 4180) and leaves the rest alone', () => {
    expect(csvCell('驿站活动室')).toBe('驿站活动室')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(-3)).toBe('-3')
  })

  it('keeps text that a spreadsheet would run as a formula as text', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    for (const lead of ['+', '-', '@', '\t']) expect(csvCell(`${lead}1`)).toBe(`'${lead}1`)
  })

  it('writes codes so that Excel keeps their leading zeros', () => {
    expect(csvCell({ digits: '048213' })).toBe('"=""048213"""')
    expect(csvCell({ digits: '=1+1' })).toBe("'=1+1")
  })

  it('starts with a byte-order mark and ends every line with CRLF', () => {
    expect(
      toCsv([
        ['日期', '人次'],
        ['2026-11-27', 2],
      ]),
    ).toBe('\uFEFF日期,人次\r\n2026-11-27,2\r\n')
  })
})
