/** The release manager's private update-signing key file: JSON with the key id and a PKCS#8 PEM. */
export interface UpdateKeyFile {
  format: 'ezhd-update-key/1';
  keyId: string;
  privateKey: string;
}

export function parseUpdateKeyFile(text: string): UpdateKeyFile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error('the update key is not JSON (expected the file made by gen-update-key.ts)');
  }
  const o = (v ?? {}) as Record<string, unknown>;
  if (o.format !== 'ezhd-update-key/1' || typeof o.keyId !== 'string' || typeof o.privateKey !== 'string') {
    throw new Error('the update key file is not an ezhd-update-key/1 file');
  }
  return { format: 'ezhd-update-key/1', keyId: o.keyId, privateKey: o.privateKey };
}
