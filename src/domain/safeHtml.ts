import sanitizeHtml from 'sanitize-html'

// Only what a message needs to read well: text structure and links. No images or styles (remote
// content would tell the sender the message was opened), no scripts, no event handlers.
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'b',
    'i',
    'small',
    'ul',
    'ol',
    'li',
    'h2',
    'h3',
    'hr',
    'a',
    'blockquote',
    'code',
  ],
  // rel is set by the transform below, which replaces whatever the message carried.
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // The title, styles and scripts of the document go with their content.
  nonTextTags: ['head', 'title', 'style', 'script', 'textarea', 'option', 'noscript'],
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs): sanitizeHtml.Tag => ({
      tagName,
      attribs: attribs.href ? { href: attribs.href, rel: 'noopener noreferrer' } : {},
    }),
  },
}

/** The HTML part of a message, reduced to a safe subset that can be shown inside a page. */
export function safeMessageHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim()
}
