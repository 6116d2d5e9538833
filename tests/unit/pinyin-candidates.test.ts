import { describe, expect, it } from 'vitest'
import { emptyEntry, type NameEntry, nameText } from '../../kiosk-ui/src/kiosk/name-entry.js'
import { composer } from '../../kiosk-ui/src/kiosk/pinyin/compose.js'
import json from '../../kiosk-ui/src/kiosk/pinyin/name-table.json' with { type: 'json' }
import { nameTable } from '../../kiosk-ui/src/kiosk/pinyin/table.js'

const table = nameTable(json)
const ime = composer(table, 20)
const typed = (letters: string, from: NameEntry = emptyEntry('pinyin')) =>
  Array.from(letters).reduce((e, k) => ime.key(e, k), from)
const offered = (e: NameEntry) => ime.candidates(e).map((c) => c.text)
const pick = (e: NameEntry, text: string) => {
  const c = ime.candidates(e).find((x) => x.text === text)
  if (!c) throw new Error(`${text} is not offered for ${e.pending}: ${offered(e).slice(0, 20).join(' ')}`)
  return ime.pick(e, c)
}
const ahead = (list: string[], a: string, b: string) =>
  list.indexOf(a) >= 0 && list.indexOf(a) < list.indexOf(b)

describe('name candidates', () => {
  it('offers common surnames first for the first syllable: 陈 before 称, 吕 first for lv', () => {
    expect(offered(typed('chen'))[0]).toBe('陈')
    expect(ahead(offered(typed('chen')), '陈', '称')).toBe(true)
    expect(offered(typed('lv'))[0]).toBe('吕')
    expect(offered(typed('zhang')).slice(0, 2)).toEqual(['张', '章'])
    expect(offered(typed('xi')).slice(0, 2)).toEqual(['席', '习'])
  })

  it('offers compound surnames for their two syllables', () => {
    expect(offered(typed('ouyang'))[0]).toBe('欧阳')
    expect(offered(typed('zhuge'))).toContain('诸葛')
    expect(offered(typed('simaqian'))).toContain('司马')
  })

  it('guesses the whole name first: surname, then the usual given-name characters', () => {
    expect(offered(typed('chenxiaoming')).slice(0, 3)).toEqual(['陈晓明', '陈小明', '陈晓铭'])
    expect(offered(typed('ouyangnana'))[0]).toBe('欧阳娜娜')
    expect(offered(typed('lvli'))[0]).toBe('吕丽')
  })

  it('after the surname, offers the rest of the name and then the next syllable, given-name characters first', () => {
    const chen = pick(typed('chenxiaoming'), '陈')
    expect(chen.pendingShown).toBe("xiao'ming")
    expect(offered(chen).slice(0, 3)).toEqual(['晓明', '小明', '晓铭'])
    expect(ahead(offered(chen), '晓', '消')).toBe(true)
    const xiao = pick(chen, '小')
    expect(offered(xiao)[0]).toBe('明')
    expect(nameText(pick(xiao, '明'))).toBe('陈小明')
  })

  it('keeps surnames out of the first place once the name has its surname', () => {
    const wang = pick(typed('wangchen'), '王')
    expect(offered(wang)[0]).toBe('晨')
  })

  it('never offers particles or unkind characters in a name', () => {
    expect(offered(typed('de'))).not.toContain('的')
    expect(offered(typed('de'))[0]).toBe('德')
    expect(offered(pick(typed('lisi'), '李'))).not.toContain('死')
  })

  it('offers nothing until the first syllable is whole', () => {
    expect(offered(typed('zh'))).toEqual([])
    expect(offered(typed('chenxiaom'))[0]).toBe('陈')
  })

  it('can type every name in the newspaper page about the stations, surname first', () => {
    // From the seed newspaper page (shared/seed): people of Ningxia's red stations, couriers among them.
    const names: [string, string][] = [
      ['张涛', 'zhangtao'],
      ['李芝霞', 'lizhixia'],
      ['冯学萍', 'fengxueping'],
      ['宋媛', 'songyuan'],
      ['闪光伟', 'shanguangwei'],
      ['韩露', 'hanlu'],
      ['葛佳', 'gejia'],
      ['李瑞雪', 'liruixue'],
      ['赵超', 'zhaochao'],
      ['慈亚玲', 'ciyaling'],
      ['武治瑾', 'wuzhijin'],
      ['闫园', 'yanyuan'],
      ['翟董武', 'zhaidongwu'],
      ['铁占明', 'tiezhanming'],
      ['罗永梅', 'luoyongmei'],
    ]
    for (const [name, pinyin] of names) {
      let e = typed(pinyin)
      for (const char of name) e = pick(e, char)
      expect(nameText(e), pinyin).toBe(name)
      expect(e.pending).toBe('')
    }
  })
})
