import { describe, expect, it } from 'vitest'
import { paginate } from '../../kiosk-ui/src/kiosk/pinyin/pages.js'

// A bar 400 px wide, 32 px characters, 33 px padding: a single character is 65 px, three are 129 px.
const bar = { width: 400, char: 32, padding: 33, min: 64 }

describe('candidate bar pages', () => {
  it('fills a page with whole candidates only, wide ones taking more room', () => {
    const texts = ['陈晓明', '陈小明', '陈', '程', '沈', '谌', '成', '城']
    expect(paginate(texts, bar)).toEqual([
      { start: 0, count: 4 },
      { start: 4, count: 4 },
    ])
  })

  it('puts a candidate wider than the bar on a page of its own rather than lose it', () => {
    expect(paginate(['买买提艾力买买提艾力买买提', '马'], bar)).toEqual([
      { start: 0, count: 1 },
      { start: 1, count: 1 },
    ])
  })

  it('has no page without candidates', () => {
    expect(paginate([], bar)).toEqual([])
  })
})
