// The console's side of the lockers routes (docs/manager-api.md), typed from the hub's own schemas.
import type { Static } from 'typebox'
import type { ManagedLockersSchema, OpenResult } from '../../../server/lockers/schemas.js'
import { manageHttp } from './manage-api.js'

const { get, post } = manageHttp

export type ManagedLockers = Static<typeof ManagedLockersSchema>
export type ManagedLocker = ManagedLockers['lockers'][number]
export type Opened = Static<typeof OpenResult>

const enc = encodeURIComponent

export const lockerApi = {
  all: () => get<ManagedLockers>('/api/manage/lockers'),
  open: (id: string, reason: string, endRental: boolean) =>
    post<Opened>(`/api/manage/lockers/${enc(id)}/open`, { reason, endRental }),
  service: (id: string, inService: boolean, reason: string) =>
    post<{ locker: { id: string; label: string } }>(`/api/manage/lockers/${enc(id)}/service`, {
      inService,
      reason,
    }),
}
