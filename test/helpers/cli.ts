import { execFile } from 'node:child_process'

/** Runs the admin CLI as its own Node process on a data directory, with `input` on its stdin. */
export async function cli(dataDir: string, args: string[], input = '') {
  const child = execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    timeout: 30_000,
  })
  child.stdin?.end(input)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d) => (stdout += d))
  child.stderr?.on('data', (d) => (stderr += d))
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)))
  return { code, stdout, stderr }
}
