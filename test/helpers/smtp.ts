import { type ParsedMail, simpleParser } from 'mailparser'
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server'
import { LocalSmtpServer, readMessage, smtpRefusal } from './smtpServer.js'

export interface ReceivedMail {
  envelope: { from: string; to: string[] }
  raw: string
  parsed: ParsedMail
}

type Behaviour =
  | { kind: 'accept' }
  | { kind: 'reject'; code: number; message?: string; stage?: 'rcpt' | 'data' | 'auth' }
  | { kind: 'stall' }
  /** Read the whole message, then drop the connection instead of answering 250. */
  | { kind: 'drop-after-data' }

/**
 * A real SMTP server on 127.0.0.1 (smtp-server + mailparser) that tests can make
 * accept, reject with a code, stall, or drop the connection, one message at a time.
 */
export class SmtpPeer extends LocalSmtpServer {
  readonly received: ReceivedMail[] = []
  private queue: Behaviour[] = []
  attempts = 0

  constructor() {
    super({
      onAuth: (_auth, _session, callback) => {
        const next = this.queue[0]
        if (next?.kind === 'reject' && next.stage === 'auth') {
          this.queue.shift()
          return callback(smtpRefusal(next.message ?? 'Authentication failed', next.code))
        }
        callback(null, { user: 'test' })
      },
      onRcptTo: (_address, _session, callback) => {
        const next = this.queue[0]
        if (next?.kind === 'reject' && next.stage === 'rcpt') {
          this.attempts++
          this.queue.shift()
          return callback(smtpRefusal(next.message ?? 'Rejected', next.code))
        }
        callback()
      },
      onData: async (stream: SMTPServerDataStream, session: SMTPServerSession, callback) => {
        const raw = await readMessage(stream)
        this.attempts++
        const behaviour = this.queue.shift() ?? { kind: 'accept' }
        if (behaviour.kind === 'stall') return // never answer: the client must time out
        if (behaviour.kind === 'drop-after-data') {
          // Keep the message as delivered (the remote side got it) but never acknowledge it.
          await this.store(raw, session)
          ;(session as unknown as { socket?: { destroy(): void } }).socket?.destroy()
          return
        }
        if (behaviour.kind === 'reject')
          return callback(smtpRefusal(behaviour.message ?? 'Rejected', behaviour.code))
        await this.store(raw, session)
        callback(null, 'Queued')
      },
    })
  }

  private async store(raw: string, session: SMTPServerSession) {
    const parsed = await simpleParser(raw)
    this.received.push({
      envelope: {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
      },
      raw,
      parsed,
    })
  }

  /** Queue behaviours for the next messages; after the queue is empty, messages are accepted. */
  next(...behaviours: Behaviour[]) {
    this.queue.push(...behaviours)
  }
}
