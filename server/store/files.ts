/**
 * Every file and folder of the data folder, named in one place. Features ask the store for a document by
 * one of these; only the store (and the account CLI, through the same names) turns them into paths.
 */
export const FILES = {
  meta: 'meta.json',
  journal: 'journal',
  history: 'history',
  snapshots: 'snapshots',
  secret: 'secret.key',
  cursors: 'cursors.json',
  retention: 'retention.json',
  damage: 'damage.json',
  state: 'state.json',
  users: 'users.json',
  sessions: 'sessions.json',
  alerts: 'alerts.json',
  stock: 'stock.json',
  notices: 'notices.json',
  coldchain: 'coldchain.json',
  outbox: 'outbox.json',
  reminders: 'reminders.json',
  contacts: 'private/contacts.json',
  helpContacts: 'private/help-contacts.json',
} as const

export type FileName = (typeof FILES)[keyof typeof FILES]

/**
 * The data folder's format. 1: before the store kept meta.json (no snapshots, cursors or versioned
 * events); 2: this release. A folder of a newer format is refused before anything in it is touched.
 */
export const DATA_FORMAT = 2
