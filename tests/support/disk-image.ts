import { copyFile, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Copies a data folder as a power cut would leave it: file by file, while the hub may still be writing.
 * A temporary file that is renamed away between listing and copying is simply not in the image (as it
 * would not be on disk a moment later); any other error fails the test.
 */
export async function diskImage(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true })
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name)
    const target = join(to, entry.name)
    try {
      if (entry.isDirectory()) await diskImage(source, target)
      else await copyFile(source, target)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
}
