import { afterEach, describe, expect, it } from 'vitest'
import type { ExportDocument } from '../../src/domain/transfer.js'
import { createTestApp } from '../helpers/app.js'
import { api, importJob, tokenUser } from '../helpers/tokenApi.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

const emailSwitch = (ctx: Ctx, userId: number) =>
  ctx.app.db.prepare('SELECT email_enabled FROM reminder_settings WHERE user_id = ?').pluck().get(userId)

/** Ada, with a webhook so that e-mail may be off, and e-mail turned off. */
async function adaWithoutEmail(ctx: Ctx) {
  const ada = await tokenUser(ctx.app, { email: 'ada@example.com', name: 'Ada Lovelace' })
  ctx.app.repos.reminderWebhooks.save(ada.id, 'https://hooks.example/ada', ctx.app.clock.now())
  const settings = (await api(ctx, ada.token, 'GET', '/settings/reminders')).json()
  const saved = await api(ctx, ada.token, 'PUT', '/settings/reminders', {
    leads: settings.leads,
    researchEnabled: settings.researchEnabled,
    overdueEnabled: settings.overdueEnabled,
    quietHours: settings.quietHours,
    email: null,
    emailEnabled: false,
  })
  expect(saved.statusCode, saved.body).toBe(200)
  return ada
}

describe('the e-mail switch in an export', () => {
  let ctx: Ctx
  afterEach(async () => ctx?.close())

  it('travels in the export, and an import turns e-mail off only where another channel reaches the account', async () => {
    ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open', WEBHOOK_ALLOW_PRIVATE: 'true' } })
    const ada = await adaWithoutEmail(ctx)
    const doc = (await api(ctx, ada.token, 'GET', '/export')).json() as ExportDocument
    expect(doc.version).toBe(4)
    expect(doc.reminderSettings.emailEnabled).toBe(false)

    // Bea has no browser and no webhook here: e-mail stays on, or no reminder would reach her.
    const bea = await tokenUser(ctx.app, { email: 'bea@example.com', name: 'Bea' })
    expect(await importJob(ctx, bea.token, doc)).toMatchObject({ state: 'done' })
    expect(emailSwitch(ctx, bea.id)).toBe(1)

    // Cy has a webhook: the document's switch holds.
    const cy = await tokenUser(ctx.app, { email: 'cy@example.com', name: 'Cy' })
    ctx.app.repos.reminderWebhooks.save(cy.id, 'https://hooks.example/cy', ctx.app.clock.now())
    expect(await importJob(ctx, cy.token, doc)).toMatchObject({ state: 'done' })
    expect(emailSwitch(ctx, cy.id)).toBe(0)
  })

  it('leaves the switch as it is for a version 3 document, which has none', async () => {
    ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open', WEBHOOK_ALLOW_PRIVATE: 'true' } })
    const ada = await adaWithoutEmail(ctx)
    const doc = (await api(ctx, ada.token, 'GET', '/export')).json() as ExportDocument
    const { emailEnabled: _dropped, ...older } = doc.reminderSettings
    expect(await importJob(ctx, ada.token, { ...doc, version: 3, reminderSettings: older })).toMatchObject({
      state: 'done',
    })
    expect(emailSwitch(ctx, ada.id)).toBe(0)
    const refused = await importJob(ctx, ada.token, {
      ...doc,
      version: 3,
      reminderSettings: { ...older, emailEnabled: 'no' },
    })
    expect(refused).toMatchObject({ state: 'refused', status: 400 })
  })
})
