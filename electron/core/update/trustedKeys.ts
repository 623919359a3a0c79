import type { TrustedKey } from './signature.js';

/**
 * Public keys whose signatures the app accepts on updates (see docs/release.md).
 *
 * Empty until the release manager makes the release key (`npx tsx scripts/release/gen-update-key.ts
 * --id ezhd-YYYY-N`) and pastes the line it prints here; until then every update is refused, which
 * is the safe side. Rotation: add the new key, release a version signed with the old one, then
 * sign with the new one and drop the old key in a later release.
 */
export const TRUSTED_UPDATE_KEYS: readonly TrustedKey[] = [];
