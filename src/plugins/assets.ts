import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { extname, join, relative, sep } from 'node:path'
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { publicDir } from '../paths.js'

/** URL prefix of everything under public/. */
export const ASSET_PREFIX = '/public/'
/** A content-hashed URL never changes meaning, so browsers and proxies may keep it for good. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable'
/** Unhashed URLs (still accepted) may change with the next release, so they are kept only briefly. */
export const SHORT_CACHE = 'public, max-age=300'

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg\+xml|image\/x-icon)/

type Encoding = 'br' | 'gzip'

export interface Asset {
  /** Path below public/ with forward slashes: "css/app.css". */
  path: string
  /** The same path with the content hash before the extension: "css/app.3f2a9c1b.css". */
  hashedPath: string
  contentType: string
  /** One ETag per representation, since the compressed bodies differ byte for byte. */
  etags: Record<Encoding | 'identity', string>
  body: Buffer
  /** Pre-compressed bodies, only where compressing made the file smaller; made on first use. */
  readonly encoded: Partial<Record<Encoding, Buffer>>
}

export interface AssetTable {
  /** The content-hashed URL of a file under public/: "css/app.css" → "/public/css/app.3f2a9c1b.css". */
  url(path: string): string
  /** An asset by its hashed path ("css/app.3f2a9c1b.css", immutable) or its plain path (short cache). */
  find(path: string): { asset: Asset; immutable: boolean } | undefined
}

declare module 'fastify' {
  interface FastifyInstance {
    assets: AssetTable
  }
}

function hashedName(path: string, hash: string): string {
  const ext = extname(path)
  return ext ? `${path.slice(0, -ext.length)}.${hash}${ext}` : `${path}.${hash}`
}

/** The pre-compressed bodies of a file, only those that came out smaller than the file. */
function compress(body: Buffer, contentType: string): Partial<Record<Encoding, Buffer>> {
  const encoded: Partial<Record<Encoding, Buffer>> = {}
  if (!COMPRESSIBLE.test(contentType)) return encoded
  const br = brotliCompressSync(body, {
    params: {
      [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
      [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
      [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  })
  const gzip = gzipSync(body, { level: zlib.Z_BEST_COMPRESSION })
  if (br.length < body.length) encoded.br = br
  if (gzip.length < body.length) encoded.gzip = gzip
  return encoded
}

function buildAsset(path: string, body: Buffer): Asset {
  const digest = createHash('sha256').update(body).digest('hex')
  const contentType = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
  const tag = digest.slice(0, 16)
  // Compressed when first asked for: every file at brotli's highest quality took about a tenth
  // of a second of each start, before the first request could be answered.
  let encoded: Partial<Record<Encoding, Buffer>> | undefined
  return {
    path,
    hashedPath: hashedName(path, digest.slice(0, 8)),
    contentType,
    etags: { identity: `"${tag}"`, br: `"${tag}-br"`, gzip: `"${tag}-gz"` },
    body,
    get encoded() {
      encoded ??= compress(body, contentType)
      return encoded
    },
  }
}

/** Reads and hashes every file below `dir` once (compressing each on first use); requests are served from memory. */
export function buildAssetTable(dir: string): AssetTable {
  const byPath = new Map<string, Asset>()
  const byHashedPath = new Map<string, Asset>()
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true })
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const full = join(entry.parentPath, entry.name)
    const path = relative(dir, full).split(sep).join('/')
    if (path.split('/').some((part) => part.startsWith('.'))) continue
    const asset = buildAsset(path, readFileSync(full))
    byPath.set(path, asset)
    byHashedPath.set(asset.hashedPath, asset)
  }
  return {
    url(path) {
      const asset = byPath.get(path)
      // A template naming a file that is not there is a bug to see at once, not a broken link.
      if (!asset) throw new Error(`No file public/${path} for the asset URL`)
      return ASSET_PREFIX + asset.hashedPath
    },
    find(path) {
      const hashed = byHashedPath.get(path)
      if (hashed) return { asset: hashed, immutable: true }
      const plain = byPath.get(path)
      return plain ? { asset: plain, immutable: false } : undefined
    },
  }
}

/** The best encoding the client accepts among those the asset has (brotli first). */
export function chooseEncoding(
  acceptEncoding: string | undefined,
  available: Partial<Record<Encoding, Buffer>>,
): Encoding | undefined {
  if (!acceptEncoding) return undefined
  const q: Record<string, number> = {}
  for (const part of acceptEncoding.split(',', 32)) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const value = qParam === undefined ? 1 : Number(qParam.slice(2))
    q[name.trim()] = Number.isFinite(value) ? value : 0
  }
  const accepts = (name: Encoding) => (q[name] ?? q['*'] ?? 0) > 0
  if (available.br && accepts('br')) return 'br'
  if (available.gzip && accepts('gzip')) return 'gzip'
  return undefined
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

export default fp(
  async (app, opts: { dir?: string }) => {
    const table = buildAssetTable(opts.dir ?? publicDir)
    app.decorate('assets', table)

    const serve = async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
      const found = table.find(request.params['*'])
      if (!found) return reply.callNotFound()
      const { asset, immutable } = found
      const encoding = chooseEncoding(request.headers['accept-encoding'], asset.encoded)
      const etag = asset.etags[encoding ?? 'identity']
      reply
        .header('cache-control', immutable ? IMMUTABLE_CACHE : SHORT_CACHE)
        .header('vary', 'accept-encoding')
        .header('etag', etag)
      if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send()
      if (encoding) reply.header('content-encoding', encoding)
      return reply.type(asset.contentType).send(encoding ? asset.encoded[encoding] : asset.body)
    }
    app.get(`${ASSET_PREFIX}*`, { logLevel: 'warn' }, serve)
  },
  { name: 'assets' },
)
