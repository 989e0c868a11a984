import { SMTPServer } from 'smtp-server'

export interface HeldMessage {
  raw: string
  /** Answers the DATA command: 250 by default, or the given error code. */
  release(code?: number): void
}

/**
 * A real SMTP server on 127.0.0.1 that reads each message and then keeps the client waiting
 * for its reply until the test releases it, so a test can change the world while a send is
 * in flight (expire a lease, follow an interview up, move the clock past a deadline).
 */
export class HoldingSmtpPeer {
  readonly held: HeldMessage[] = []
  /** Messages answered with 250. */
  readonly accepted: string[] = []
  private readonly server: SMTPServer
  port = 0

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8')
          let answered = false
          this.held.push({
            raw,
            release: (code) => {
              if (answered) return
              answered = true
              if (code === undefined) {
                this.accepted.push(raw)
                return callback(null, 'Queued')
              }
              const error = new Error('Held and refused') as Error & { responseCode: number }
              error.responseCode = code
              callback(error)
            },
          })
        })
      },
    })
  }

  /** Waits (at most 20 s) until `count` messages have arrived and are waiting for their reply. */
  async waitForHeld(count: number): Promise<void> {
    for (let i = 0; i < 2_000 && this.held.length < count; i++) await new Promise((r) => setTimeout(r, 10))
    if (this.held.length < count) throw new Error(`expected ${count} held messages, got ${this.held.length}`)
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(0, '127.0.0.1', () => resolve())
    })
    const address = this.server.server.address()
    this.port = typeof address === 'object' && address ? address.port : 0
    return this
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`
  }

  async stop(): Promise<void> {
    for (const message of this.held) message.release(421)
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
