import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}

/** An HTTP receiver on 127.0.0.1 that records every request and answers with the next queued status (200 when none). */
export class HttpPeer {
  readonly received: ReceivedRequest[] = []
  private readonly statuses: number[] = []
  private server: Server | undefined
  port = 0

  constructor(private readonly onRequest?: (request: ReceivedRequest) => number | undefined) {}

  answerNext(...statuses: number[]): void {
    this.statuses.push(...statuses)
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const request = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks),
        }
        this.received.push(request)
        const status = this.onRequest?.(request) ?? this.statuses.shift() ?? 200
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status >= 300 ? `status ${status}` : '')
      })
    })
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
    return this
  }

  url(path = '/'): string {
    return `http://127.0.0.1:${this.port}${path}`
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
