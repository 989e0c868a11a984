import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'

const load = (value?: string) =>
  loadConfig({
    DATA_DIR: '/tmp/debrief-config',
    ...(value === undefined ? {} : { SEND_UNDO_SECONDS: value }),
  })

describe('SEND_UNDO_SECONDS', () => {
  it('defaults to 30 s, takes 0 to switch undo off, and whole or fractional seconds up to 600', () => {
    expect(load().sendUndoMs).toBe(30_000)
    expect(load('0').sendUndoMs).toBe(0)
    expect(load('2.5').sendUndoMs).toBe(2_500)
    expect(load('600').sendUndoMs).toBe(600_000)
  })

  it('refuses anything else with a message naming the setting', () => {
    for (const bad of ['-1', '601', 'soon', '1e3']) {
      expect(() => load(bad), bad).toThrow(ConfigError)
      expect(() => load(bad)).toThrow(/SEND_UNDO_SECONDS must be a number of seconds from 0 to 600/)
    }
  })
})
