const MASK = '*';
const EMAIL = /^([^@\s]+)@([^@\s]+\.[^@\s]+)$/;
const CARD_LIKE = /^[0-9][0-9 -]*[0-9]$/;

/**
 * Masks the local part of an e-mail address but its first character, with a fixed three stars
 * so the length does not show: `maskEmail('jana.becker@acme.example')` is `j***@acme.example`.
 * A one-character local part is masked whole.
 */
export function maskEmail(email: string): string {
  const match = typeof email === 'string' ? EMAIL.exec(email) : null;
  if (!match) {
    throw new Error(
      `expected an e-mail address such as 'jana@example.com', got ${JSON.stringify(email)}`,
    );
  }
  const local = match[1]!;
  const kept = local.length > 1 ? local[0]! : '';
  return `${kept}${MASK.repeat(3)}@${match[2]}`;
}

/**
 * Masks every digit of a card-like number (12 to 19 digits, spaces or dashes between) but the
 * last four, keeping the separators: `maskCard('4111 1111 1111 1234')` is `**** **** **** 1234`.
 */
export function maskCard(number: string): string {
  const digits = typeof number === 'string' ? number.replace(/[ -]/g, '') : '';
  if (!CARD_LIKE.test(String(number)) || digits.length < 12 || digits.length > 19) {
    throw new Error(
      `expected a card-like number of 12 to 19 digits, got ${JSON.stringify(number)}`,
    );
  }
  let toMask = digits.length - 4;
  return [...number].map((char) => (/\d/.test(char) && toMask-- > 0 ? MASK : char)).join('');
}

/**
 * Masks all but the last `count` characters: `keepLast('DE89370400440532013000', 4)` is
 * `******************3000`. A value no longer than `count` is masked whole, so a short secret
 * never shows.
 */
export function keepLast(value: string, count: number, mask: string = MASK): string {
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`expected a whole number of characters to keep of at least 0, got ${count}`);
  }
  const chars = [...String(value)];
  if (chars.length <= count) return mask.repeat(chars.length);
  return mask.repeat(chars.length - count) + chars.slice(chars.length - count).join('');
}
