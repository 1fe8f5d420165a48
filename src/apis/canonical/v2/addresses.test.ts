import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import type { Address, StoredAddress, TypedAddress } from './addresses.js';
import {
  repeatedAddressTypes,
  typeAddresses,
  typedAddresses,
  untypedAddresses,
} from './addresses.js';

const seat: Address = {
  line1: 'Friedrichstrasse 68',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
};
const seatMoved: Address = { line1: 'Unter den Linden 5', city: 'Berlin', country: 'DE' };
const depot: Address = { line1: 'Am Lagerplatz 4', city: 'Potsdam', country: 'DE' };
const office: Address = {
  line1: '268 Bush Street',
  line2: 'Suite 350',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94104',
  country: 'US',
};
const mailbox: Address = { line1: 'Postfach 12 04 55', city: 'Berlin', country: 'DE' };

describe('typedAddresses', () => {
  const cases: { name: string; given: StoredAddress[]; want: TypedAddress[] }[] = [
    { name: 'reads an empty list as empty', given: [], want: [] },
    {
      name: 'types a list stored by v1 before types: registered first, then other',
      given: [seat, depot, office],
      want: [
        { type: 'registered', ...seat },
        { type: 'other', ...depot },
        { type: 'other', ...office },
      ],
    },
    {
      name: 'keeps the types of a typed list as they are',
      given: [
        { type: 'shipping', ...depot },
        { type: 'billing', ...mailbox },
      ],
      want: [
        { type: 'shipping', ...depot },
        { type: 'billing', ...mailbox },
      ],
    },
    {
      name: 'makes an untyped entry other when a later entry is registered',
      given: [depot, { type: 'registered', ...seat }],
      want: [
        { type: 'other', ...depot },
        { type: 'registered', ...seat },
      ],
    },
    {
      name: 'reads an unknown stored type as no type',
      given: [{ ...seat, type: 'headquarters' } as unknown as StoredAddress],
      want: [{ type: 'registered', ...seat }],
    },
  ];
  it.each(cases)('$name', ({ given, want }) => {
    expect(typedAddresses(given)).toStrictEqual(want);
  });
});

describe('untypedAddresses', () => {
  it('drops the type and keeps order and every postal field', () => {
    const given: TypedAddress[] = [
      { type: 'shipping', ...depot },
      { type: 'registered', ...office },
    ];
    expect(untypedAddresses(given)).toStrictEqual([depot, office]);
  });

  it('passes addresses stored without a type through unchanged', () => {
    expect(untypedAddresses([seat])).toStrictEqual([seat]);
  });
});

describe('typeAddresses', () => {
  const stored: TypedAddress[] = [
    { type: 'registered', ...seat },
    { type: 'shipping', ...depot },
  ];
  const cases: {
    name: string;
    incoming: Address[];
    previous?: TypedAddress[];
    want: TypedAddress[];
  }[] = [
    { name: 'types an empty create as empty', incoming: [], want: [] },
    {
      name: 'makes the first address of a create registered and the rest other',
      incoming: [seat, depot, office],
      want: [
        { type: 'registered', ...seat },
        { type: 'other', ...depot },
        { type: 'other', ...office },
      ],
    },
    {
      name: 'replaces the registered address in place and keeps the shipping one',
      incoming: [seatMoved, depot],
      previous: stored,
      want: [
        { type: 'registered', ...seatMoved },
        { type: 'shipping', ...depot },
      ],
    },
    {
      name: 'keeps the types of addresses sent back in another order',
      incoming: [depot, seat],
      previous: stored,
      want: [
        { type: 'shipping', ...depot },
        { type: 'registered', ...seat },
      ],
    },
    {
      name: 'types a changed address by the position it replaces after a reorder',
      incoming: [depot, seatMoved],
      previous: stored,
      want: [
        { type: 'shipping', ...depot },
        { type: 'registered', ...seatMoved },
      ],
    },
    {
      name: 'drops the addresses a v1 client leaves out',
      incoming: [seatMoved],
      previous: stored,
      want: [{ type: 'registered', ...seatMoved }],
    },
    {
      name: 'makes an added address other when a registered one remains',
      incoming: [seat, depot, office],
      previous: stored,
      want: [
        { type: 'registered', ...seat },
        { type: 'shipping', ...depot },
        { type: 'other', ...office },
      ],
    },
    {
      name: 'makes an added address registered when none is left',
      incoming: [depot, office],
      previous: [{ type: 'shipping', ...depot }],
      want: [
        { type: 'shipping', ...depot },
        { type: 'registered', ...office },
      ],
    },
    {
      name: 'gives a typed address to one copy only when v1 sends it twice',
      incoming: [mailbox, mailbox],
      previous: [{ type: 'billing', ...mailbox }],
      want: [
        { type: 'billing', ...mailbox },
        { type: 'registered', ...mailbox },
      ],
    },
    {
      name: 'compares every postal field, so a changed region is a changed address',
      incoming: [{ ...office, region: 'NY' }],
      previous: [{ type: 'billing', ...office }],
      want: [{ type: 'billing', ...office, region: 'NY' }],
    },
  ];
  it.each(cases)('$name', ({ incoming, previous, want }) => {
    expect(typeAddresses(incoming, previous)).toStrictEqual(want);
  });

  it('round-trips a typed list through the v1 view unchanged', () => {
    const typed: TypedAddress[] = [
      { type: 'billing', ...mailbox },
      { type: 'other', ...office },
      { type: 'registered', ...seat },
      { type: 'shipping', ...depot },
    ];
    expect(typeAddresses(untypedAddresses(typed), typed)).toStrictEqual(typed);
  });
});

describe('repeatedAddressTypes', () => {
  it('finds nothing in a list with each single type once and several other addresses', () => {
    const given: TypedAddress[] = [
      { type: 'registered', ...seat },
      { type: 'billing', ...mailbox },
      { type: 'shipping', ...depot },
      { type: 'other', ...office },
      { type: 'other', ...seatMoved },
    ];
    expect(repeatedAddressTypes(given)).toStrictEqual([]);
  });

  it('points at the type of every repeat and names the first address of that type', () => {
    const given: TypedAddress[] = [
      { type: 'billing', ...mailbox },
      { type: 'shipping', ...depot },
      { type: 'billing', ...seat },
      { type: 'billing', ...office },
    ];
    expect(repeatedAddressTypes(given)).toStrictEqual([
      {
        in: 'body',
        pointer: '/addresses/2/type',
        message:
          "must not repeat type 'billing' of /addresses/0; an organization has at most one billing address",
      },
      {
        in: 'body',
        pointer: '/addresses/3/type',
        message:
          "must not repeat type 'billing' of /addresses/0; an organization has at most one billing address",
      },
    ]);
  });
});

describe('the OrganizationAddress schema of canonical v2', () => {
  it('has the fields of the shared Address, with the same definitions, plus type', () => {
    const shared = readSchema('specs/openapi/shared/schemas.yaml', 'Address');
    const v2 = readSchema(
      'specs/openapi/canonical/v2/schemas/organization.yaml',
      'OrganizationAddress',
    );
    const { type, country, ...postal } = v2.properties;
    const { country: sharedCountry, ...sharedPostal } = shared.properties;
    expect(type).toStrictEqual({ $ref: '#/OrganizationAddressType' });
    expect(country).toStrictEqual({ $ref: '../../../shared/schemas.yaml#/CountryCode' });
    expect(sharedCountry).toStrictEqual({ $ref: '#/CountryCode' });
    expect(postal).toStrictEqual(sharedPostal);
    expect(v2.required).toStrictEqual(['type', ...shared.required]);
  });
});

interface SchemaNode {
  required: string[];
  properties: Record<string, unknown>;
}

function readSchema(path: string, name: string): SchemaNode {
  const schemas = parse(readFileSync(path, 'utf8')) as Record<string, SchemaNode | undefined>;
  const schema = schemas[name];
  if (!schema) throw new Error(`${path} has no schema ${name}`);
  return schema;
}
