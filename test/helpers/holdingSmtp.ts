import { LocalSmtpServer, readMessage, smtpRefusal } from './smtpServer.js'

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
export class HoldingSmtpPeer extends LocalSmtpServer {
  readonly held: HeldMessage[] = []
  /** Messages answered with 250. */
  readonly accepted: string[] = []

  constructor() {
    super({
      onData: async (stream, _session, callback) => {
        const raw = await readMessage(stream)
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
            callback(smtpRefusal('Held and refused', code))
          },
        })
      },
    })
  }

  /** Waits (at most 20 s) until `count` messages have arrived and are waiting for their reply. */
  async waitForHeld(count: number): Promise<void> {
    for (let i = 0; i < 2_000 && this.held.length < count; i++) await new Promise((r) => setTimeout(r, 10))
    if (this.held.length < count) throw new Error(`expected ${count} held messages, got ${this.held.length}`)
  }

  override async stop(): Promise<void> {
    for (const message of this.held) message.release(421)
    await super.stop()
  }
}
