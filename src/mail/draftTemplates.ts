import { join } from 'node:path'
import { Eta } from 'eta'
import { draftHtml as htmlWith, type RenderFn } from '../domain/drafts.js'
import { viewsDir } from '../paths.js'

let textEta: Eta | undefined
let htmlEta: Eta | undefined

// The one eta setup for e-mail (notes and reminders). Two engines on purpose: plain-text mail
// must carry "&" and "<" as typed, while the HTML alternative must escape every interpolation.
export const renderText: RenderFn = (template, data) => {
  textEta ??= new Eta({ views: join(viewsDir, 'email'), autoEscape: false, autoTrim: false, cache: true })
  return textEta.render(template, data)
}

export const renderHtml: RenderFn = (template, data) => {
  htmlEta ??= new Eta({ views: join(viewsDir, 'email'), autoEscape: true, autoTrim: false, cache: true })
  return htmlEta.render(template, data)
}

/** The HTML alternative of a note's final text (the domain builds it, the template escapes it). */
export const draftHtml = (text: string): string => htmlWith(text, renderHtml)
