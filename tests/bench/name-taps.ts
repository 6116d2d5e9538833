/**
 * How many taps a courier needs to type a name at the kiosk, on the built pages (`npm run build` first):
 *
 *   npx tsx tests/bench/name-taps.ts
 *
 * A real hub serves dist/kiosk to headless Chromium with a touch screen at 1024×600. For each name, two
 * ways of typing, each from an empty name field: the whole name's pinyin and then candidates (as on a
 * phone), and one syllable then its character at a time. Candidates are picked as a courier would: on each
 * page of the bar, the longest candidate that is the next part of the name, else the next page. Letter
 * keys, candidates and page turns all count. A way the keyboard cannot type the name shows as "—".
 * Not a timing: the figures are the same on any machine, so this runs in seconds and is not a bench.
 */

import { chinaTime, openKiosk } from '../e2e/kiosk-page.js'
import { nameFieldText, typeBySyllable, typeWholeName } from '../e2e/name-keys.js'
import { launchChromium } from '../support/chromium.js'
import { startTestHub } from '../support/hub.js'

const NAMES: { name: string; pinyin: string; syllables: [string, string][] }[] = [
  {
    name: '陈小明',
    pinyin: 'chenxiaoming',
    syllables: [
      ['chen', '陈'],
      ['xiao', '小'],
      ['ming', '明'],
    ],
  },
  {
    name: '欧阳娜娜',
    pinyin: 'ouyangnana',
    syllables: [
      ['ou', '欧'],
      ['yang', '阳'],
      ['na', '娜'],
      ['na', '娜'],
    ],
  },
  {
    name: '吕丽',
    pinyin: 'lvli',
    syllables: [
      ['lv', '吕'],
      ['li', '丽'],
    ],
  },
]

const hub = await startTestHub({
  screenings: [
    {
      id: 'checkup',
      title: '免费体检',
      organiser: '宁夏妇幼保健院',
      start: chinaTime(2, '09:00'),
      end: chinaTime(2, '11:30'),
      place: '驿站活动室',
      capacity: 50,
    },
  ],
})
const browser = await launchChromium()
try {
  const { page } = await openKiosk(browser, hub.url, { width: 1024, height: 600 })
  const attempt = async (type: () => Promise<number>, name: string): Promise<string> => {
    await page.locator('[data-testid="go-screenings"]').tap()
    await page.locator('[data-screening-id="checkup"]').getByRole('button', { name: '报名' }).tap()
    await page.locator('.simple-keyboard [data-skbtn="z"]').waitFor()
    try {
      const taps = await type()
      return (await nameFieldText(page)) === name ? String(taps) : '—'
    } catch (e) {
      console.error(`  ${name}: ${(e as Error).message}`)
      return '—'
    } finally {
      await page.locator('[data-testid="home"]').tap()
    }
  }
  console.log('| name | whole pinyin, then candidates | syllable by syllable |')
  console.log('|---|---|---|')
  for (const { name, pinyin, syllables } of NAMES) {
    const whole = await attempt(() => typeWholeName(page, pinyin, name), name)
    const each = await attempt(() => typeBySyllable(page, syllables), name)
    console.log(`| ${name} (${pinyin}) | ${whole} | ${each} |`)
  }
} finally {
  await browser.close()
  await hub.close()
}
