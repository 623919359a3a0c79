import { timingSafeEqual } from 'node:crypto';

/**
 * Checks of an API request to the web host, pure so they can be tested: the per-start token,
 * the Host header (against DNS rebinding) and the Origin of the page.
 */
export interface GuardInput {
  method: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  token: string | undefined;
}

export function checkApiRequest(req: GuardInput, expected: { token: string; port: number }): string | null {
  if (req.method !== 'POST') return 'Метод не поддерживается.';
  const allowedHosts = [`127.0.0.1:${expected.port}`, `localhost:${expected.port}`];
  if (!req.host || !allowedHosts.includes(req.host)) return 'Запрос не к этому адресу.';
  if (req.origin !== undefined && !allowedHosts.some((h) => req.origin === `http://${h}`)) return 'Запрос с чужой страницы.';
  if (!req.token) return 'Нет ключа доступа. Откройте адрес, который напечатала программа при запуске.';
  const a = Buffer.from(req.token);
  const b = Buffer.from(expected.token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'Неверный ключ доступа. Откройте адрес, который напечатала программа при запуске.';
  return null;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}
