/**
 * The Content-Security-Policy of every page the server sends, in one place: the support page (and the embed panel,
 * which differs only in frame-ancestors: see embedContentSecurityPolicy in origins.ts) and the staff pages (the agent
 * console at /agent, the admin dashboard at /admin). Scripts only from this origin, no plugins, no <base>, forms only
 * to this origin, never framed.
 */

/** Directives every page shares. */
const COMMON = ["script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"];

/**
 * The support page (Web Chat): everything from this origin, Web Chat's run-time styles, images and media from data:
 * and blob: URLs (attachments), blob: reads and a blob: worker for the upload button, and Direct Line at
 * `connectOrigins` besides this origin (the Azure service when a secret is set; see directLineConnectOrigins).
 */
export function supportPagePolicy(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    // Web Chat injects its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    // blob: — Direct Line reads each picked file back from its blob: URL to put it in the upload; without it the upload
    // is never sent (issue 25: connect-src blocked it, "Sending" forever).
    `connect-src ${["'self'", 'blob:', ...connectOrigins].join(' ')}`,
    // Web Chat's upload button makes the image's thumbnail in a worker it creates from a blob: URL (worker-src would
    // otherwise fall back to script-src 'self' and block it).
    'worker-src blob:',
    ...COMMON,
  ].join('; ');
}

/** The staff pages (agent console, admin dashboard): nothing but this origin's scripts, styles, images and API. */
export const STAFF_PAGE_POLICY = ["default-src 'none'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", ...COMMON].join('; ');

/**
 * The origins the support page connects to for Direct Line at `endpoint` (its https and wss forms); for the Azure
 * service (*.botframework.com) also its regional hosts, which its conversations' stream URLs point to.
 */
export function directLineConnectOrigins(endpoint: string): string[] {
  const origin = new URL(endpoint).origin;
  const origins = [origin, origin.replace(/^http/, 'ws')];
  if (/\.botframework\.com$/.test(new URL(origin).hostname)) origins.push('https://*.botframework.com', 'wss://*.botframework.com');
  return origins;
}
