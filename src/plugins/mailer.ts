import fp from 'fastify-plugin'
import type { Transporter } from 'nodemailer'
import { createMailer, type Mailer } from '../mail/mailer.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends mail through SMTP (SMTP_URL) or into the in-app Mailbox. */
    mailer: Mailer
  }
}

export interface MailerPluginOptions {
  /** Overrides SMTP_URL: a nodemailer transporter or an smtp(s):// URL. */
  transport?: Transporter | string | undefined
}

export default fp<MailerPluginOptions>(
  async (app, opts) => {
    const { smtpTimeoutMs, sendTimeoutMs } = app.config
    const mailer = createMailer({
      transport: opts.transport ?? app.config.smtpUrl,
      mailbox: app.repos.mailbox,
      clock: app.clock,
      from: app.config.mailFrom,
      baseUrl: app.config.baseUrl,
      smtpTimeoutMs,
      sendTimeoutMs,
    })
    if (mailer.kind === 'local') app.log.info('SMTP_URL is not set: mail is delivered to the in-app Mailbox')
    app.decorate('mailer', mailer)
    app.addHook('onClose', async () => mailer.close())
  },
  { name: 'mailer', dependencies: ['config', 'db'] },
)
