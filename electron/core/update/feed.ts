import { SIGNATURE_SUFFIX } from './signature.js';

/**
 * The address of the update feed from the school's settings (`settings.updateUrl`): an http(s)
 * URL without credentials, or null when not set or unusable. Plain http is allowed — schools
 * often serve updates inside their own network — because every file is checked by signature.
 */
export function updateFeedUrl(setting: string | undefined | null): string | null {
  const s = (setting ?? '').trim();
  if (!s) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.username || u.password || u.search || u.hash) return null;
  return u.href.endsWith('/') ? u.href : `${u.href}/`;
}

/** Where `<fileName>.sig` is published: beside the file, in the feed's folder. */
export function signatureUrl(feedUrl: string, fileName: string): string {
  return new URL(`${encodeURIComponent(fileName)}${SIGNATURE_SUFFIX}`, feedUrl).href;
}

/** The file name of a feed entry's url (a relative name or an absolute address). */
export function fileNameOfUrl(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * The published name of the downloaded file: the feed entry whose SHA-512 is the file's.
 * null when no entry matches (then the file is not the one the feed describes).
 */
export function publishedNameOf(files: readonly { url: string; sha512?: string | undefined }[], sha512: string): string | null {
  const entry = files.find((f) => f.sha512 === sha512);
  return entry ? fileNameOfUrl(entry.url) : null;
}
