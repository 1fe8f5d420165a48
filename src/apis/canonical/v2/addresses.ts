import type { components as V1 } from '../../../../generated/canonical-v1/types.js';
import type { components as V2 } from '../../../../generated/canonical-v2/types.js';
import type { FieldError } from '../../../runtime/errors.js';

/** A postal address without a role, as canonical v1 reads and writes it. */
export type Address = V1['schemas']['Address'];

/** A postal address with its role, as canonical v2 reads and writes it and the store keeps it. */
export type TypedAddress = V2['schemas']['OrganizationAddress'];

/** The role of an organization address: `registered`, `billing`, `shipping` or `other`. */
export type AddressType = V2['schemas']['OrganizationAddressType'];

/**
 * An organization address as the store may hold it: typed when written since canonical v2, and
 * untyped when written by canonical v1 before organizations stored typed addresses.
 */
export type StoredAddress = Address & { type?: AddressType };

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
const ADDRESS_TYPES: readonly string[] = ['billing', 'shipping', 'registered', 'other'];

/**
 * Reads stored addresses as typed ones. Entries stored without a type keep their order and
 * become `registered` when no entry of the list is registered yet, and `other` after that.
 */
export function typedAddresses(stored: readonly StoredAddress[]): TypedAddress[] {
  const used = new Set(stored.map(typeOf).filter(isType));
  return stored.map((entry) => {
    const known = typeOf(entry);
    if (known) return { type: known, ...addressOf(entry) };
    const type = used.has('registered') ? 'other' : 'registered';
    used.add(type);
    return { type, ...addressOf(entry) };
  });
}

/** Drops the role of each address, in order, as canonical v1 shows them. */
export function untypedAddresses(addresses: readonly StoredAddress[]): Address[] {
  return addresses.map(addressOf);
}

/**
 * Types the addresses a canonical v1 client writes, given the ones stored before (none on
 * create). An address sent back unchanged keeps its type; a changed one takes the type of the
 * address it replaces at the same position; any other becomes `registered` while no address of
 * the list is registered, and `other` after that. At most one address per type except `other`.
 */
export function typeAddresses(
  incoming: readonly Address[],
  previous: readonly TypedAddress[] = [],
): TypedAddress[] {
  const types: (AddressType | undefined)[] = incoming.map(() => undefined);
  const claimed = new Set<number>();
  const used = new Set<AddressType>();
  const take = (index: number, type: AddressType) => {
    types[index] = type;
    if (type !== 'other') used.add(type);
  };
  const free = (type: AddressType | undefined): type is AddressType =>
    type !== undefined && (type === 'other' || !used.has(type));

  incoming.forEach((address, index) => {
    const match = previous.findIndex(
      (old, at) => !claimed.has(at) && free(old.type) && sameAddress(old, address),
    );
    if (match === -1) return;
    claimed.add(match);
    take(index, previous[match]?.type ?? 'other');
  });
  incoming.forEach((_, index) => {
    const replaced = previous[index]?.type;
    if (types[index] === undefined && !claimed.has(index) && free(replaced)) take(index, replaced);
  });
  incoming.forEach((_, index) => {
    if (types[index] === undefined) take(index, used.has('registered') ? 'other' : 'registered');
  });
  return incoming.map((address, index) => ({
    type: types[index] ?? 'other',
    ...addressOf(address),
  }));
}

/**
 * One field error for each address that repeats the type of an earlier one, when that type is
 * `billing`, `shipping` or `registered`; none when every single type appears at most once.
 */
export function repeatedAddressTypes(addresses: readonly TypedAddress[]): FieldError[] {
  const first = new Map<AddressType, number>();
  const errors: FieldError[] = [];
  addresses.forEach(({ type }, index) => {
    const earlier = first.get(type);
    if (type !== 'other' && earlier !== undefined) {
      const message = `must not repeat type '${type}' of /addresses/${earlier}; an organization has at most one ${type} address`;
      errors.push({ in: 'body', pointer: `/addresses/${index}/type`, message });
    }
    if (earlier === undefined) first.set(type, index);
  });
  return errors;
}

/** Two addresses are the same when every postal field is equal; the type is not compared. */
function sameAddress(left: Address, right: Address): boolean {
  return ADDRESS_FIELDS.every((field) => left[field] === right[field]);
}

/** The postal fields of an address in their spec order, without its type or absent fields. */
function addressOf(entry: StoredAddress): Address {
  const address: Record<string, string> = {};
  for (const field of ADDRESS_FIELDS) {
    const value = entry[field];
    if (value !== undefined) address[field] = value;
  }
  // The required fields are present in every stored address, so the copy is a whole Address.
  return address as Address;
}

function typeOf(entry: StoredAddress): AddressType | undefined {
  return isType(entry.type) ? entry.type : undefined;
}

function isType(value: unknown): value is AddressType {
  return typeof value === 'string' && ADDRESS_TYPES.includes(value);
}
