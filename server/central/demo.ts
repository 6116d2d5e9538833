import { SimStation } from '../../devices/station-uplink-sim/model.js'
import { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import { hashPassword } from '../auth/password.js'
import type { ConfigUser } from '../auth/plugin.js'
import type { NewStation, Registry } from './registry.js'

/** The demo's staff login, printed at start. */
export const DEMO_STAFF = { name: 'district', password: 'redstation-demo' }
/** Every demo station's uplink password (deploy/demo-uplink.yaml uses it for the station `demo`). */
export const DEMO_UPLINK_PASSWORD = 'redstation-demo-uplink'

/** A small district: three streets (街道), two communities (社区) each, a dozen stations. */
export const DEMO_DISTRICT: NewStation[] = [
  ['bxq-minan', '民安驿站', '北新桥街道', '民安社区'],
  ['bxq-beiguanting', '北官厅驿站', '北新桥街道', '北官厅社区'],
  ['bxq-jiaobei', '交北头条驿站', '北新桥街道', '民安社区'],
  ['bxq-xiangyang', '向阳驿站', '北新桥街道', '北官厅社区'],
  ['ds-chaodou', '朝豆驿站', '东四街道', '朝西社区'],
  ['ds-shijia', '史家胡同驿站', '东四街道', '史家社区'],
  ['ds-liutiao', '东四六条驿站', '东四街道', '朝西社区'],
  ['ds-lumi', '禄米仓驿站', '东四街道', '史家社区'],
  ['jdk-nanluo', '南锣鼓巷驿站', '交道口街道', '福祥社区'],
  ['jdk-fuxiang', '福祥驿站', '交道口街道', '福祥社区'],
  ['jdk-jiaodong', '交东驿站', '交道口街道', '菊儿社区'],
  ['jdk-juer', '菊儿驿站', '交道口街道', '菊儿社区'],
].map(([id, name, street, community]) => ({ id, name, street, community }) as NewStation)

/** The station of `npm start -- --config deploy/demo-uplink.yaml` (station.id `demo`). */
export const DEMO_REAL_STATION: NewStation = {
  id: 'demo',
  name: '红色驿站（演示）',
  street: '北新桥街道',
  community: '民安社区',
}

export async function demoStaff(): Promise<ConfigUser[]> {
  return [{ name: DEMO_STAFF.name, role: 'manager', passwordHash: await hashPassword(DEMO_STAFF.password) }]
}

/** Registers the demo stations (once) with the known demo password. */
export async function registerDemo(registry: Registry): Promise<void> {
  for (const s of [...DEMO_DISTRICT, DEMO_REAL_STATION]) {
    if (await registry.get(s.id)) await registry.rotate(s.id, DEMO_UPLINK_PASSWORD)
    else await registry.add(s, DEMO_UPLINK_PASSWORD)
  }
}

export interface DemoFleet {
  sims: UplinkSim[]
  stop(): Promise<void>
}

/**
 * Simulated stations uplinking to `url`: each starts with a morning's worth of events (so the district's
 * figures are not empty) and then does something every 10–30 s.
 */
export async function startDemoFleet(url: string, log: (m: string) => void): Promise<DemoFleet> {
  const sims: UplinkSim[] = []
  const timers: NodeJS.Timeout[] = []
  for (const [i, s] of DEMO_DISTRICT.entries()) {
    const station = new SimStation({ id: s.id, name: s.name, seed: i + 1 })
    for (let n = 0; n < 20 + i * 3; n++) station.step()
    const sim = new UplinkSim({ url, station, password: DEMO_UPLINK_PASSWORD, log })
    await sim.start()
    sims.push(sim)
    const tick = () => {
      station.step()
      sim.poke()
      timers[i] = setTimeout(tick, 10_000 + station.random() * 20_000)
      timers[i]?.unref()
    }
    timers[i] = setTimeout(tick, 5_000 + station.random() * 10_000)
    timers[i]?.unref()
  }
  return {
    sims,
    async stop() {
      for (const t of timers) clearTimeout(t)
      await Promise.all(sims.map((s) => s.stop()))
    },
  }
}
