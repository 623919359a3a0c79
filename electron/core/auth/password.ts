import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Cost parameters: N=2^15 takes ~50–100 ms here, enough against offline guessing of a stolen file. */
const DEFAULTS = { N: 1 << 15, r: 8, p: 1 } as const;
const KEYLEN = 32;

export async function hashPassword(password: string, cost: { N: number; r: number; p: number } = DEFAULTS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEYLEN, { ...cost, maxmem: 256 * cost.N * cost.r });
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const dummies = new Map<string, Promise<string>>();

/**
 * The hash of a random password nobody knows, made once per cost. A login that does not exist is
 * checked against it, so its answer takes as long as a wrong password's (issue 13: the time of the
 * answer must not tell which logins exist).
 */
export function dummyHash(cost: { N: number; r: number; p: number } = DEFAULTS): Promise<string> {
  const key = `${cost.N}$${cost.r}$${cost.p}`;
  let h = dummies.get(key);
  if (!h) {
    h = hashPassword(randomBytes(24).toString('base64'), cost);
    dummies.set(key, h);
  }
  return h;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0)) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await scrypt(password.normalize('NFC'), salt, expected.length, { N, r, p, maxmem: 256 * N * r });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
