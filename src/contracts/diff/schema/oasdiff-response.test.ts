import { describe, expect, it } from 'vitest';
import { diff } from './oasdiff-fixtures.test-support.js';

const NULLABLE_31 = [
  'request_property_became_nullable_31_base.yaml',
  'request_property_became_nullable_31_revision.yaml',
] as const;
const GROUPS = 'POST /api/v1.0/groups';

type Case = [title: string, base: string, revision: string, sites: string[], want: string[]];

const cases: Case[] = [
  // Adding 'null' to a type array is only a nullability change, never a type change.
  [
    'a response property that became nullable (3.1) is an error, not a type change',
    ...NULLABLE_31,
    ['POST /products response 200'],
    ['response-property-became-nullable error'],
  ],
  [
    'changed response consts are errors at the body and at a property',
    'response_property_const_changed_base.yaml',
    'response_property_const_changed_revision.yaml',
    [`${GROUPS} response 200`, `${GROUPS} response 404`],
    ['response-property-const-changed error', 'response-body-const-changed error'],
  ],
  [
    'a response body type change is an error',
    'response_schema_type_changed_base.yaml',
    'response_schema_type_changed_revision.yaml',
    [`${GROUPS} response 200`],
    ['response-body-type-changed error'],
  ],
  // Our policy: an anyOf alternative added to a response is flagged for review (a warning), since
  // specs use it for opt-in variants such as expandable ids; a oneOf branch added is an error
  // (the fixture's tool: info for anyOf).
  [
    'response anyOf alternatives added are warnings',
    'response_property_any_of_added_base.yaml',
    'response_property_any_of_added_revision.yaml',
    ['GET /pets response 200'],
    ['response-body-any-of-added warning', 'response-property-any-of-added warning'],
  ],
  [
    'response anyOf alternatives removed are info',
    'response_property_any_of_removed_base.yaml',
    'response_property_any_of_removed_revision.yaml',
    ['GET /pets response 200'],
    ['response-body-any-of-removed info', 'response-property-any-of-removed info'],
  ],
  [
    'response oneOf alternatives added are errors',
    'response_property_one_of_added_base.yaml',
    'response_property_one_of_added_revision.yaml',
    ['GET /pets response 200'],
    [
      'response-body-one-of-added error',
      'response-property-one-of-added error',
      'response-property-one-of-added error',
    ],
  ],
  [
    'response oneOf alternatives removed are info',
    'response_property_one_of_removed_base.yaml',
    'response_property_one_of_removed_revision.yaml',
    ['GET /pets response 200'],
    [
      'response-body-one-of-removed info',
      'response-property-one-of-removed info',
      'response-property-one-of-removed info',
    ],
  ],
  [
    'reordered anyOf alternatives pair by $ref name; inline ones by title and shape',
    'response_property_any_of_complex_base.yaml',
    'response_property_any_of_complex_revision.yaml',
    ['GET /pets response 200'],
    [
      'response-body-type-changed error',
      'response-body-any-of-removed info',
      'response-body-any-of-added warning',
      'response-body-any-of-added warning',
      'response-property-type-changed error',
    ],
  ],
  [
    'a required response property added is info',
    'response_required_property_added_base.yaml',
    'response_required_property_added_revision.yaml',
    [`${GROUPS} response 200`],
    ['response-property-required-property-added info'],
  ],
  // Our policy: readers lose an optional property's data as surely as a required one's, so its
  // removal is an error (the fixture's tool: warning).
  [
    'an optional (readOnly) response property removed is an error',
    'response_optional_property_removed_base.yaml',
    'response_optional_property_removed_revision.yaml',
    [`${GROUPS} response 200`],
    ['response-property-optional-property-removed error'],
  ],
  [
    'an optional response property added is info',
    'response_optional_property_removed_revision.yaml',
    'response_optional_property_removed_base.yaml',
    [`${GROUPS} response 200`],
    ['response-property-optional-property-added info'],
  ],
  [
    'changed response defaults are info',
    'response_property_default_value_changed_base.yaml',
    'response_property_default_value_changed_revision.yaml',
    [`${GROUPS} response 200`, `${GROUPS} response 404`],
    [
      'response-property-default-value-changed info',
      'response-property-default-value-changed info',
    ],
  ],
  [
    'response allOf members added are info',
    'response_property_all_of_added_base.yaml',
    'response_property_all_of_added_revision.yaml',
    ['GET /pets response 200'],
    ['response-body-all-of-added info', 'response-property-all-of-added info'],
  ],
  [
    'response allOf members removed are info',
    'response_property_all_of_removed_base.yaml',
    'response_property_all_of_removed_revision.yaml',
    ['GET /pets response 200'],
    ['response-body-all-of-removed info', 'response-property-all-of-removed info'],
  ],
  [
    'an annotation-only allOf member added to a response body is not reported',
    'response_property_all_of_annotation_only_added_base.yaml',
    'response_property_all_of_annotation_only_added_revision.yaml',
    ['GET /pets response 200'],
    [],
  ],
  [
    'a discriminator removed from a response body and a property is info',
    'response_property_discriminator_added_revision.yaml',
    'response_property_discriminator_added_base.yaml',
    ['POST /pets response 200'],
    ['response-body-discriminator-removed info', 'response-property-discriminator-removed info'],
  ],
];

describe('compareSchemas on the oasdiff response fixtures', () => {
  it.each(cases)('%s', (_title, base, revision, sites, want) => {
    expect(diff(base, revision, sites)).toStrictEqual(want);
  });
});
