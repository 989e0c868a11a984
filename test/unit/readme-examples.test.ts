import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readmeDraftExamples, sampleDrafts } from '../../src/domain/sampleDebrief.js'
import { renderText } from '../../src/mail/draftTemplates.js'
import { projectRoot } from '../../src/paths.js'

describe('README draft examples', () => {
  it('are exactly what the sample debrief generates (one of each kind)', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8')
    const block = /<!-- draft-examples:start -->\n([\s\S]*?)\n<!-- draft-examples:end -->/.exec(readme)?.[1]
    expect(block, 'README lacks the draft-examples block').toBeDefined()
    expect(block).toBe(readmeDraftExamples(sampleDrafts(renderText)))
    expect(block).toContain('#### Thank-you note — warm')
    expect(block).toContain('#### Answer note — warm')
    expect(block).toContain('#### Thank-you and answers combined — brief')
  })
})
