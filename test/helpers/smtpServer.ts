import { SMTPServer, type SMTPServerDataStream, type SMTPServerOptions } from 'smtp-server'

/**
 * A real SMTP server on 127.0.0.1 (plain, authentication optional) for the app to send to in
 * tests; what becomes of each command and message is the `handlers` a peer passes in.
 */
export class LocalSmtpServer {
  private readonly server: SMTPServer
  port = 0

  constructor(handlers: Partial<SMTPServerOptions>) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      ...handlers,
    })
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

/** The message a DATA command carries, once the client has sent all of it. */
export function readMessage(stream: SMTPServerDataStream): Promise<string> {
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  return new Promise((resolve) => stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))))
}

/** An SMTP reply refusing a command: `code` and `message` are what the client reads. */
export function smtpRefusal(message: string, code: number): Error {
  return Object.assign(new Error(message), { responseCode: code })
}
