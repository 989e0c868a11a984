// Writes docs/draft-examples.md to stdout: the sample debrief's drafts through the real e-mail templates.

import { sampleDrafts } from '../domain/sampleDebrief.js'
import { renderText } from '../mail/draftTemplates.js'

process.stdout.write(sampleDrafts(renderText))
