import { Type } from 'typebox'
import { Day } from '../schema-parts.js'
import { English, EnText } from './schema-english.js'
import { Id } from './schema-id.js'

/** The station config's parts for the manager's side (issue #4): accounts, medicine-box items, webhooks. */

export const UsersSchema = Type.Array(
  Type.Object(
    {
      name: Type.String({
        minLength: 1,
        maxLength: 32,
        description: 'Login name of a manager or staff account.',
      }),
      role: Type.Enum(['manager', 'staff'], {
        description:
          'manager: may act on alerts, stock, events and notices; staff: sees everything, changes nothing.',
      }),
      passwordHash: Type.String({
        pattern: '^scrypt\\$',
        description: 'The scrypt hash printed by `npm run user -- hash`; never a password in clear.',
      }),
    },
    { additionalProperties: false },
  ),
  {
    maxItems: 200,
    description:
      'Accounts fixed in the config (read-only). Accounts added with `npm run user -- add` live in the data folder.',
  },
)

export const StockSeedSchema = Type.Array(
  Type.Object(
    {
      id: Id('Item id.'),
      name: Type.String({ minLength: 1, maxLength: 40, description: 'What it is, e.g. 布洛芬缓释胶囊.' }),
      unit: Type.String({
        minLength: 1,
        maxLength: 8,
        description: 'How it is counted: 盒, 片, 瓶, 个….',
      }),
      min: Type.Integer({ minimum: 0, description: 'At or below this count a restock alert is raised.' }),
      target: Type.Integer({
        minimum: 0,
        description: 'How many the box holds when full: the restock list buys up to it.',
      }),
      compartment: Type.Optional(
        Type.String({
          description: 'Id of the stock sensor counting this item, if any: its count is the truth.',
        }),
      ),
      batches: Type.Optional(
        Type.Array(
          Type.Object(
            {
              batch: Type.String({ minLength: 1, maxLength: 40, description: 'Batch (lot) number.' }),
              expires: Day('Last day of use, YYYY-MM-DD.'),
              quantity: Type.Integer({ minimum: 0, description: 'How many of this batch.' }),
            },
            { additionalProperties: false },
          ),
          { description: 'What is in the box now, by batch.' },
        ),
      ),
      en: English(
        {
          name: EnText(60, 'What it is, in English, e.g. Ibuprofen capsules.'),
          unit: Type.Optional(
            EnText(16, 'How one is counted, in English, e.g. box (5 boxes is made from it).'),
          ),
          units: Type.Optional(
            EnText(
              16,
              'The plural of unit, only where adding -s or -es is wrong (e.g. unit: pair of gloves).',
            ),
          ),
        },
        'the item’s name and unit',
      ),
    },
    { additionalProperties: false },
  ),
  {
    maxItems: 500,
    description: 'Medicine-box items to start with; afterwards managers keep them in the console.',
  },
)

export const NotifySchema = Type.Object(
  {
    webhooks: Type.Array(
      Type.Object(
        {
          id: Id('Webhook id, used in notify.escalateTo.'),
          format: Type.Enum(['json', 'wecom', 'dingtalk'], {
            description:
              'json: a generic JSON POST; wecom: a WeCom group robot (企业微信群机器人); dingtalk: a DingTalk custom robot (钉钉自定义机器人).',
          }),
          url: Type.String({
            pattern: '^https?://',
            maxLength: 500,
            description: 'Where to POST, e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=….',
          }),
          secret: Type.Optional(
            Type.String({
              maxLength: 200,
              description: 'DingTalk robots with 加签 security: the SEC… secret.',
            }),
          ),
          severities: Type.Array(Type.Enum(['critical', 'major', 'minor', 'warning']), {
            maxItems: 4,
            description:
              'Severities this webhook receives (new, reminder, cleared). Empty: only escalations, when named in notify.escalateTo.',
          }),
          mentionMobiles: Type.Optional(
            Type.Array(Type.String({ pattern: '^1[3-9]\\d{9}$' }), {
              maxItems: 10,
              description: 'WeCom / DingTalk: mobile numbers to @-mention (the manager on duty).',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20, description: 'Where alerts are sent beyond the manager console.' },
    ),
    reminderMin: Type.Integer({
      minimum: 0,
      maximum: 1440,
      description: 'While an alert stays unacknowledged, it is sent again this often (minutes; 0: never).',
    }),
    escalateAfterMin: Type.Integer({
      minimum: 0,
      maximum: 1440,
      description: 'Minutes unacknowledged before the alert also goes to notify.escalateTo (0: never).',
    }),
    escalateTo: Type.Array(Type.String(), {
      maxItems: 20,
      description: 'Webhook ids of the second contact (community staff) for escalations.',
    }),
  },
  {
    additionalProperties: false,
    description: 'Notifications of alerts: webhooks, reminders, escalation.',
  },
)
