import { describe, expect, it } from 'vitest'
import { emptyEntry, type NameEntry, nameProblem, nameText } from '../../kiosk-ui/src/kiosk/name-entry.js'
import { composer } from '../../kiosk-ui/src/kiosk/pinyin/compose.js'
import json from '../../kiosk-ui/src/kiosk/pinyin/name-table.json' with { type: 'json' }
import { nameTable } from '../../kiosk-ui/src/kiosk/pinyin/table.js'

const ime = composer(nameTable(json), 20)
const keys = (letters: string, from: NameEntry = emptyEntry('pinyin')) =>
  Array.from(letters).reduce((e, k) => ime.key(e, k), from)
const pick = (e: NameEntry, text: string) => {
  const c = ime.candidates(e).find((x) => x.text === text)
  if (!c) throw new Error(`${text} is not offered for ${e.pending}`)
  return ime.pick(e, c)
}
const pickEach = (e: NameEntry, chars: string) => Array.from(chars).reduce(pick, e)
/** What the field shows: the characters, then the pinyin waiting to be picked. */
const field = (e: NameEntry) => nameText(e) + e.pendingShown

describe('typing a name', () => {
  it('keeps pinyin waiting until a candidate is picked, and refuses to go on meanwhile', () => {
    const e = keys('chenxiaoming')
    expect(field(e)).toBe("chen'xiao'ming")
    expect(nameProblem(e)).toBe('pending')
    const named = pick(e, '陈晓明')
    expect(field(named)).toBe('陈晓明')
    expect(nameProblem(named)).toBe(null)
  })

  it('takes the last picked character back to its pinyin on backspace, then deletes letters', () => {
    const named = pickEach(keys('chenxiaoming'), '陈小明')
    const back = ime.backspace(named)
    expect(field(back)).toBe('陈小ming')
    expect(ime.candidates(back)[0]?.text).toBe('明')
    expect(field(ime.backspace(back))).toBe('陈小min')
  })

  it('while pinyin waits, backspace first takes back the characters picked from it, as phones do', () => {
    const chen = pick(keys('chenxiaoming'), '陈')
    expect(field(chen)).toBe("陈xiao'ming")
    const back = ime.backspace(chen)
    expect(field(back)).toBe("chen'xiao'ming")
    expect(ime.candidates(back)[0]?.text).toBe('陈晓明')
    expect(field(ime.backspace(back))).toBe("chen'xiao'min")
  })

  it("keeps xi'an two syllables after a character is taken back", () => {
    const xi = pick(keys("xi'an"), '席')
    expect(field(xi)).toBe('席an')
    expect(field(ime.backspace(xi))).toBe("xi'an")
  })

  it('refuses Latin letters in a Chinese name: xiao明', () => {
    let e = keys('xiao', emptyEntry('latin'))
    e = ime.setMode(e, 'pinyin')
    e = pick(keys('ming', e), '明')
    expect(field(e)).toBe('xiao明')
    expect(nameProblem(e)).toBe('mixed')
  })

  it('keeps names in Latin letters, one space between words', () => {
    const e = keys('Li  Na ', emptyEntry('latin'))
    expect(nameText(e)).toBe('Li Na ')
    expect(nameProblem(e)).toBe(null)
    expect(nameProblem(emptyEntry('latin'))).toBe('empty')
  })

  it('turns pinyin not yet picked into letters on a switch to ABC', () => {
    const e = ime.setMode(pick(keys('wangxiao'), '王'), 'latin')
    expect(field(e)).toBe('王xiao')
    expect(nameProblem(e)).toBe('mixed')
  })

  it('puts a middle dot only between the parts of a name', () => {
    let e = keys('·')
    expect(nameText(e)).toBe('')
    e = pickEach(keys('maimaiti', e), '买买提')
    e = keys('·', ime.key(e, '·'))
    expect(nameText(e)).toBe('买买提·')
    expect(nameProblem(e)).toBe('shape')
    e = pickEach(keys('aili', e), '艾力')
    expect(nameText(e)).toBe('买买提·艾力')
    expect(nameProblem(e)).toBe(null)
  })

  it('stops at the longest name the hub takes', () => {
    const short = composer(nameTable(json), 3)
    let e = emptyEntry('latin')
    for (const k of 'abcdef') e = short.key(e, k)
    expect(nameText(e)).toBe('abc')
    expect(short.key(emptyEntry('pinyin'), "'").pending).toBe('')
  })

  it('clears everything but the mode', () => {
    const e = ime.clear(pick(keys('lvli'), '吕'))
    expect(e).toEqual(emptyEntry('pinyin'))
  })
})
