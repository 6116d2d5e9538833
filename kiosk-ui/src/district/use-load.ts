import { createLoaders } from '../lib/use-load.js'
import { errorText } from './errors.js'

/** The district page's hooks, with its words for a failure. */
export const { useLoad, useAction } = createLoaders(errorText)
