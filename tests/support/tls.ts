import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface TestCertificates {
  /** The throwaway CA's certificate: what a station and the central service trust (uplink.ca, --mqtt-ca). */
  ca: string
  /** The broker's certificate (for 127.0.0.1 and localhost) and key. */
  cert: string
  key: string
}

/** A throwaway CA and a server certificate signed by it, made with openssl(1) in `dir`. */
export async function makeCertificates(dir: string): Promise<TestCertificates> {
  const p = (name: string) => join(dir, name)
  const ssl = (...args: string[]) => run('openssl', args, { cwd: dir, timeout: 30_000 })
  await ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Test district CA',
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.crt'),
  )
  await writeFile(p('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n')
  await ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    p('server.key'),
    '-out',
    p('server.csr'),
  )
  await ssl(
    'x509',
    '-req',
    '-in',
    p('server.csr'),
    '-CA',
    p('ca.crt'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    p('san.ext'),
    '-out',
    p('server.crt'),
  )
  return { ca: p('ca.crt'), cert: p('server.crt'), key: p('server.key') }
}
