// Screenshots of the kiosk on a 10-inch 1024×600 panel for docs/screenshots/: the real built kiosk
// (dist/kiosk, `npm run build` first) on a real hub with a fridge reading, a medicine box, notices and
// screenings, in Chromium, tapped through as a courier would. `npm run screenshots`.
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { launchChromium } from '../support/chromium.js'
import { deviceClient, eventually, startTestHub, testDevices } from '../support/hub.js'
import { day, medicineStock } from './kiosk-medicine-data.js'
import { chinaTime, openKiosk, SMALL, tapDigits } from './kiosk-page.js'
import { pickCandidate, tapKeys } from './name-keys.js'

const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))

const hub = await startTestHub({
  station: { id: 'demo', name: '红色驿站·幸福路站', phone: '0951-5012345' },
  devices: testDevices,
  stock: medicineStock.map((item) =>
    item.id === 'masks' ? { ...item, batches: [{ batch: 'KZ2601', expires: day(500), quantity: 30 }] } : item,
  ),
  notices: [
    {
      id: 'fair',
      category: 'jobs',
      title: '社区招聘会本周六上午在党群服务中心举行',
      body: '外卖、快递、仓储岗位都有，带上身份证。',
    },
    { id: 'law', category: 'legal', title: '每周三下午免费法律咨询', body: '欠薪、交通事故、劳动合同。' },
  ],
  screenings: [
    {
      id: 'checkup',
      title: '免费体检：血压、血糖、心电图',
      organiser: '宁夏妇幼保健院',
      start: chinaTime(1, '09:00'),
      end: chinaTime(1, '11:30'),
      place: '驿站活动室',
      capacity: 20,
    },
    {
      id: 'dental',
      title: '口腔检查',
      organiser: '市口腔医院志愿者',
      start: chinaTime(3, '14:00'),
      end: chinaTime(3, '16:00'),
      place: '社区党群服务中心二楼',
      capacity: 10,
    },
  ],
})
const browser = await launchChromium()
try {
  await mkdir(out, { recursive: true })
  const sensor = await deviceClient(hub.mqttUrl)
  await sensor.publishAsync('zigbee2mqtt/fridge_thermometer', JSON.stringify({ temperature: 3.8 }))
  await sensor.publishAsync('zigbee2mqtt/fridge_door', JSON.stringify({ contact: true }))
  await sensor.endAsync()
  await eventually(() => hub.hub.sensors.devices().find((d) => d.id === 'fridge-temp')?.reading)

  const { page } = await openKiosk(browser, hub.url, SMALL)
  const shoot = async (name: string) => {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    await page.screenshot({ path: `${out}kiosk-${name}-1024x600.png` })
    console.log(`docs/screenshots/kiosk-${name}-1024x600.png`)
  }

  await page.locator('[data-testid="temperature"]', { hasText: '3.8' }).waitFor()
  await page.locator('[data-notice-id="fair"]').waitFor()
  await shoot('home')

  await page.locator('[data-testid="go-checkin"]').tap()
  await tapDigits(page, '1391234')
  await shoot('checkin')
  await page.locator('[data-testid="home"]').tap()

  await page.locator('[data-testid="go-screenings"]').tap()
  await page.locator('[data-screening-id="checkup"]').waitFor()
  await shoot('screenings')
  await page.locator('[data-screening-id="checkup"]').getByRole('button', { name: '报名' }).tap()
  await page.locator('.simple-keyboard [data-skbtn="z"]').waitFor()
  await tapKeys(page, 'chenxiaoming')
  await shoot('signup')
  await pickCandidate(page, '陈小明')
  await page.getByRole('button', { name: '下一步', exact: true }).tap()
  await tapDigits(page, '13800138000')
  await page.getByRole('button', { name: '下一步', exact: true }).tap()
  await page.locator('[data-testid="consent"]').tap()
  await page.locator('[data-testid="submit-signup"]').tap()
  await page.locator('[data-testid="signup-confirmed"]').waitFor()
  await shoot('signup-done')
  await page.locator('[data-testid="home"]').tap()

  await page.locator('[data-testid="go-help"]').tap()
  await shoot('help')
} finally {
  await browser.close()
  await hub.close()
}
