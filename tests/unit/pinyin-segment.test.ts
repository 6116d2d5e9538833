import { describe, expect, it } from 'vitest'
import json from '../../kiosk-ui/src/kiosk/pinyin/name-table.json' with { type: 'json' }
import { segmenter, showSegments } from '../../kiosk-ui/src/kiosk/pinyin/segment.js'

const cut = segmenter(Object.keys(json.chars))
/** Syllables as the field shows them; `~` marks one still being typed, `?` a letter that begins none. */
const seen = (typed: string) =>
  cut(typed)
    .map((s) =>
      s.kind === 'syllable' ? s.syllable : s.kind === 'partial' ? `${s.syllable}~` : `${s.syllable}?`,
    )
    .join(' ')

describe('cutting typed pinyin into syllables', () => {
  it('cuts a whole name, longest syllables first', () => {
    expect(seen('chenxiaoming')).toBe('chen xiao ming')
    expect(seen('zhangsan')).toBe('zhang san')
    expect(seen('zhuangshuang')).toBe('zhuang shuang')
  })

  it('backtracks when the longest syllable leaves letters that fit no syllable', () => {
    expect(seen('ouyangnana')).toBe('ou yang na na')
    expect(seen('liang')).toBe('liang')
    expect(seen('xiangang')).toBe('xian gang')
  })

  it('gives an n or g to the next syllable rather than start one with a vowel', () => {
    expect(seen('nana')).toBe('na na')
    expect(seen('xian')).toBe('xian')
    expect(seen('fangan')).toBe('fan gan')
  })

  it("separates where the courier types an apostrophe: xian is one syllable, xi'an two", () => {
    expect(seen("xi'an")).toBe('xi an')
    expect(seen("fang'an")).toBe('fang an')
    expect(seen("zhang'an")).toBe('zhang an')
  })

  it('reads v as ü, and lue and nue as lüe and nüe', () => {
    expect(seen('lvli')).toBe('lv li')
    expect(seen('nvsheng')).toBe('nv sheng')
    expect(seen('lue')).toBe('lve')
    expect(seen('lu')).toBe('lu')
  })

  it('keeps a syllable still being typed at the end, and marks letters that begin none', () => {
    expect(seen('chenxiaom')).toBe('chen xiao m~')
    expect(seen('zh')).toBe('zh~')
    expect(seen('chenv')).toBe('che nv')
    expect(seen('iu')).toBe('i? u?')
    expect(seen("zh'ang")).toBe('z? h? ang')
  })

  it('shows the syllables apart, with ü, and an apostrophe just typed', () => {
    const show = (typed: string) => showSegments(typed, cut(typed))
    expect(show('chenxiaoming')).toBe("chen'xiao'ming")
    expect(show('lvli')).toBe("lü'li")
    expect(show("xi'")).toBe("xi'")
    expect(show('iu')).toBe('iu')
    expect(show('xiaou')).toBe("xia'ou")
  })
})
