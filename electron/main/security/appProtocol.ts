import path from 'node:path';

/** The window's content comes from `app://ezhd/…`, served from the built renderer. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ezhd';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

type PathApi = Pick<typeof path, 'resolve' | 'join' | 'sep' | 'isAbsolute'>;

/**
 * The file under `root` that an `app://ezhd/…` URL names, or null when the URL is not the
 * app's or would reach outside `root`. Strict rather than clever: any `.` or `..` segment, an
 * encoded slash or backslash, a drive letter, a NUL or a malformed escape is refused outright.
 * `pathApi` lets tests check Windows path rules on any machine.
 */
export function resolveAppPath(root: string, url: string, pathApi: PathApi = path): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  if (parsed.username || parsed.password || parsed.port) return null;
  // Look at the raw path too: the URL parser already removed plain `..` segments.
  const raw = url.slice(url.indexOf(APP_HOST) + APP_HOST.length).split(/[?#]/, 1)[0] ?? '';
  if (/(^|\/)\.{1,2}(\/|$)/.test(raw) || /%2e/i.test(raw)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.includes(':')) return null;
  if (decoded === '' || decoded === '/') decoded = '/index.html';
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  const absRoot = pathApi.resolve(root);
  const full = pathApi.resolve(absRoot, ...segments);
  if (!full.startsWith(absRoot + pathApi.sep)) return null;
  return full;
}
