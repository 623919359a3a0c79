import { APP_HOST, APP_SCHEME } from './appProtocol.js';

/** A URL of the app itself: `app://ezhd/…`. */
export function isTrustedUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password && !u.port;
}

/** The window may only move within the app; any other navigation or redirect is cancelled. */
export function navigationDecision(url: string): 'allow' | 'deny' {
  return isTrustedUrl(url) ? 'allow' : 'deny';
}

/**
 * Sites a link in the app may open in the system browser (texts of the laws the office works
 * by). Anything else is not opened at all.
 */
export const EXTERNAL_LINK_ORIGINS: readonly string[] = ['https://www.consultant.ru', 'https://publication.pravo.gov.ru'];

/** An https link whose origin is on the allow-list, without credentials. */
export function isAllowedExternalUrl(url: string, allowedOrigins: readonly string[] = EXTERNAL_LINK_ORIGINS): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:') return false;
  if (u.username || u.password) return false;
  return allowedOrigins.includes(u.origin);
}

/** What to do with a request to open a new window: never a window; maybe the system browser. */
export function windowOpenDecision(url: string, allowedOrigins: readonly string[] = EXTERNAL_LINK_ORIGINS): 'open-external' | 'deny' {
  return isAllowedExternalUrl(url, allowedOrigins) ? 'open-external' : 'deny';
}

/** Requests the window's session may make: its own files and in-page data only. */
export function isAllowedRequestUrl(url: string): boolean {
  if (isTrustedUrl(url)) return true;
  return url.startsWith('data:') || url.startsWith('blob:app://ezhd/') || url.startsWith('devtools:');
}
