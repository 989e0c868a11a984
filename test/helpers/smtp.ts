import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server'

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
export class SmtpPeer {
  readonly received: ReceivedMail[] = []
  private queue: Behaviour[] = []
  private server: SMTPServer
  port = 0
  attempts = 0

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (_auth, _session, callback) => {
        const next = this.queue[0]
        if (next?.kind === 'reject' && next.stage === 'auth') {
          this.queue.shift()
          const error = new Error(next.message ?? 'Authentication failed') as Error & { responseCode: number }
          error.responseCode = next.code
          return callback(error)
        }
        callback(null, { user: 'test' })
      },
      onRcptTo: (_address, _session, callback) => {
        const next = this.queue[0]
        if (next?.kind === 'reject' && next.stage === 'rcpt') {
          this.attempts++
          this.queue.shift()
          const error = new Error(next.message ?? 'Rejected') as Error & { responseCode: number }
          error.responseCode = next.code
          return callback(error)
        }
        callback()
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', async () => {
          this.attempts++
          const behaviour = this.queue.shift() ?? { kind: 'accept' }
          const raw = Buffer.concat(chunks).toString('utf8')
          if (behaviour.kind === 'stall') return // never answer: the client must time out
          if (behaviour.kind === 'drop-after-data') {
            // Keep the message as delivered (the remote side got it) but never acknowledge it.
            await this.store(raw, session)
            ;(session as unknown as { socket?: { destroy(): void } }).socket?.destroy()
            return
          }
          if (behaviour.kind === 'reject') {
            const error = new Error(behaviour.message ?? 'Rejected') as Error & { responseCode: number }
            error.responseCode = behaviour.code
            return callback(error)
          }
          await this.store(raw, session)
          callback(null, 'Queued')
        })
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

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, '127.0.0.1', () => resolve())
    })
    const address = this.server.server.address()
    this.port = typeof address === 'object' && address ? address.port : port
    return this
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
