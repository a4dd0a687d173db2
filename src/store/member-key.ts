/**
 * Members are recorded only as a keyed hash of their Discord user ID (HMAC-SHA256). A plain hash of a user
 * ID could be reversed by hashing every ID in a server; with a secret key, the records alone say nothing
 * about who asked, yet one member's votes can still be told apart from another's.
 *
 * The key is `MEMBER_HASH_KEY` when set, else a random key generated once and kept in the data folder
 * (`member-hash.key`, readable by the bot's user only). Changing the key makes old hashes unmatchable,
 * which is also how to forget every member at once.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const MEMBER_KEY_FILE = 'member-hash.key';
/** Shorter keys are guessable; 32 random bytes in hex are 64 characters. */
export const MIN_MEMBER_KEY_CHARS = 32;

export type MemberHasher = (userId: string) => string;

export function memberHasher(key: string): MemberHasher {
  return (userId) => createHmac('sha256', key).update(userId).digest('base64url');
}

/** A short MAC over a button's custom ID, so that what the bot put in it (who, until when, what) cannot be altered. */
export type ButtonSigner = (payload: string) => string;

/** Characters of MAC a custom ID carries: 96 bits, in the 100 characters Discord allows. */
const BUTTON_MAC_CHARS = 16;

export function buttonSigner(key: string): ButtonSigner {
  // A separate label keeps these MACs apart from member hashes made with the same key.
  return (payload) => createHmac('sha256', key).update('button\0').update(payload).digest('base64url').slice(0, BUTTON_MAC_CHARS);
}

/** The configured key, else the one kept in `dataDir` (created on first use with mode 0600). */
export function memberKey(dataDir: string, configured?: string): string {
  if (configured !== undefined) return configured;
  const file = path.join(dataDir, MEMBER_KEY_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // A key copied in by hand may be readable by others; it should not be.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < MIN_MEMBER_KEY_CHARS)
    throw new Error(`${file} holds a key shorter than ${MIN_MEMBER_KEY_CHARS} characters: delete it to have a new one made.`);
  return key;
}
