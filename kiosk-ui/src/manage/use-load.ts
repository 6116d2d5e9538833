import { errorText } from '../lib/manage-errors.js'
import { createLoaders } from '../lib/use-load.js'

export type { Loaded } from '../lib/use-load.js'

/** The console's hooks, with its words for a failure. */
export const { useLoad, useAction } = createLoaders(errorText)
