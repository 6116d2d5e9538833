export type Severity = 'critical' | 'major' | 'minor' | 'warning'

/** What a station wants people to know, before it is shaped for a particular receiver. */
export interface Notification {
  /** Unique per notification: receivers use it to drop a repeat delivery (X-Redstation-Delivery). */
  id: string
  kind: 'alert.raised' | 'alert.reminder' | 'alert.escalated' | 'alert.cleared' | 'test'
  severity: Severity
  at: string
  station: { id: string; name: string }
  /** One line, Chinese first: 冰箱温度过高（6.2 °C） */
  title: string
  /** Further lines: where, since when, what to do. */
  lines: string[]
  /** The alert as the API shows it, for generic JSON receivers. */
  alert?: unknown
}

export type WebhookFormat = 'json' | 'wecom' | 'dingtalk'

export interface WebhookTarget {
  id: string
  format: WebhookFormat
  url: string
  /** DingTalk robots with 加签 security: the SEC… secret. */
  secret?: string
  /** Severities this target receives. */
  severities: Severity[]
  /** WeCom / DingTalk: phone numbers to @-mention (the manager on duty). */
  mentionMobiles?: string[]
}
