import { errorText } from '../use-submit.js'
import { ErrorNote } from './frame.js'

/** A list that could not be read: the kind message for its code, and a retry. */
export function LoadError({ code, onRetry }: { code: string | null; onRetry(): void }) {
  return <ErrorNote text={code && errorText(code)} onRetry={onRetry} />
}
