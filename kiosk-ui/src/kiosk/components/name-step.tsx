import type { ComponentChildren } from 'preact'
import { t } from '../i18n.js'
import { type NameEntry, type NameProblem, nameProblem, nameText } from '../name-entry.js'
import { Actions, ErrorNote, Prompt } from './frame.js'
import { Field } from './keypad.js'
import { PinyinKeyboard } from './pinyin-keyboard.js'

export const NAME_MAX = 20

const problemText = {
  pending: 'signup.namePending',
  mixed: 'signup.nameMixed',
  shape: 'signup.nameShape',
} as const satisfies Record<Exclude<NameProblem, 'empty'>, string>

/** Under the name prompt: how to type in this mode, or why the name cannot go on yet. */
function NameHint({ entry }: { entry: NameEntry }) {
  const problem = nameProblem(entry)
  if (problem && problem !== 'empty')
    return (
      <span class={problem === 'pending' ? undefined : 'field-note--bad'} data-testid="name-problem">
        {t(problemText[problem])}
      </span>
    )
  return <>{t(entry.mode === 'pinyin' ? 'signup.nameHintPinyin' : 'signup.nameHintLatin')}</>
}

interface NameStepProps {
  prompt: string
  entry: NameEntry
  update(change: (entry: NameEntry) => NameEntry): void
  onBack(): void
  /** Already worded, or null. */
  error?: string | null
  /** The way forward (a 下一步 or a submit), enabled by the step only when the name may go on. */
  forward(ready: boolean): ComponentChildren
}

/** Typing a name: prompt and hint, the name with the step's buttons, the keyboard (pinyin or letters). */
export function NameStep({ prompt, entry, update, onBack, error, forward }: NameStepProps) {
  const problem = nameProblem(entry)
  return (
    <section class="step step--keyboard">
      <Prompt text={prompt} hint={<NameHint entry={entry} />} />
      <div class="name-row">
        <Field
          label={t('signup.name')}
          text={nameText(entry)}
          pending={entry.pendingShown}
          placeholder={t('signup.namePlaceholder')}
          invalid={problem === 'mixed' || problem === 'shape'}
          testId="name-field"
        />
        <Actions onBack={onBack}>{forward(problem === null)}</Actions>
      </div>
      <ErrorNote text={error ?? null} />
      <PinyinKeyboard entry={entry} update={update} maxLength={NAME_MAX} />
    </section>
  )
}
