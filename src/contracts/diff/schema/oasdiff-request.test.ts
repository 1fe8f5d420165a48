import { describe, expect, it } from 'vitest';
import { diff } from './oasdiff-fixtures.test-support.js';

const NULLABLE_31 = [
  'request_property_became_nullable_31_base.yaml',
  'request_property_became_nullable_31_revision.yaml',
] as const;
const NULLABLE_30 = [
  'request_property_became_nullable_base.yaml',
  'request_property_became_nullable_revision.yaml',
] as const;
const ARRAY_TO_OBJECT = [
  'request_property_type_changed_base_array_to_object.yaml',
  'request_property_type_changed_revision_array_to_object.yaml',
] as const;
const ADDED = 'request_property_added_base.yaml';
const GROUPS = 'POST /api/v1.0/groups';

type Case = [title: string, base: string, revision: string, sites: string[], want: string[]];

const cases: Case[] = [
  [
    'a request property that became nullable (3.1 type array) is info',
    ...NULLABLE_31,
    ['POST /products request'],
    ['request-property-became-nullable info'],
  ],
  [
    'a request property that is no longer nullable (3.1) is an error',
    NULLABLE_31[1],
    NULLABLE_31[0],
    ['POST /products request'],
    ['request-property-became-not-nullable error'],
  ],
  [
    'a request property that became nullable (3.0 nullable) is info',
    ...NULLABLE_30,
    ['POST /products request'],
    ['request-property-became-nullable info'],
  ],
  [
    'a request property that is no longer nullable (3.0) is an error',
    NULLABLE_30[1],
    NULLABLE_30[0],
    ['POST /products request'],
    ['request-property-became-not-nullable error'],
  ],
  [
    'a request property type change is an error',
    'request_property_type_changed_base.yaml',
    'request_property_type_changed_revision.yaml',
    ['POST /pets request'],
    ['request-property-type-changed error'],
  ],
  [
    'a request body and a property changing from array to object are errors',
    ...ARRAY_TO_OBJECT,
    ['POST /pets request', 'POST /dogs request'],
    ['request-body-type-changed error', 'request-property-type-changed error'],
  ],
  [
    'a request body and a property changing from object to array are errors',
    ARRAY_TO_OBJECT[1],
    ARRAY_TO_OBJECT[0],
    ['POST /pets request', 'POST /dogs request'],
    ['request-body-type-changed error', 'request-property-type-changed error'],
  ],
  [
    'a maxLength set on a request property is a warning',
    'request_property_max_length_set_base.yaml',
    'request_property_max_length_set_revision.yaml',
    ['POST /pets request'],
    ['request-property-max-length-set warning'],
  ],
  [
    'a maxLength set on a request body is a warning',
    'request_body_max_length_set_base.yaml',
    'request_body_max_length_set_revision.yaml',
    ['POST /pets request'],
    ['request-body-max-length-set warning'],
  ],
  [
    'a maximum set on a request property is a warning',
    'request_property_max_set_base.yaml',
    'request_property_max_set_revision.yaml',
    ['POST /pets request'],
    ['request-property-max-set warning'],
  ],
  [
    'a changed request body const is an error',
    'request_body_const_changed_base.yaml',
    'request_body_const_changed_revision.yaml',
    ['POST /products request'],
    ['request-body-const-changed error'],
  ],
  // The text of a path parameter narrowing from string to integer is reported too.
  [
    'a parameter that became an enum is an error',
    'request_parameter_became_enum_base.yaml',
    'request_parameter_became_enum_revision.yaml',
    [`${GROUPS} parameter groupId`],
    ['request-parameter-type-narrowed error', 'request-parameter-became-enum error'],
  ],
  [
    'a changed parameter default is an error, also when the parameter was renamed',
    'request_parameter_default_value_changed_base_renamed.yaml',
    'request_parameter_default_value_changed_revision_renamed.yaml',
    [`${GROUPS}/{group_id} parameter group_id => ${GROUPS}/{groupId} parameter groupId`],
    ['request-parameter-default-value-changed error'],
  ],
  [
    'a changed query parameter default is an error',
    'request_parameter_default_value_changed_base.yaml',
    'request_parameter_default_value_changed_revision.yaml',
    [`${GROUPS} parameter category`],
    ['request-parameter-default-value-changed error'],
  ],
  [
    'a parameter minLength increased is an error',
    'request_parameter_min_length_increased_base.yaml',
    'request_parameter_min_length_increased_revision.yaml',
    ['POST /test parameter name'],
    ['request-parameter-min-length-increased error'],
  ],
  [
    'a parameter minLength decreased is info',
    'request_parameter_min_length_increased_revision.yaml',
    'request_parameter_min_length_increased_base.yaml',
    ['POST /test parameter name'],
    ['request-parameter-min-length-decreased info'],
  ],
  [
    'a parameter minimum increased is an error',
    'request_parameter_min_increased_base.yaml',
    'request_parameter_min_increased_revision.yaml',
    [`${GROUPS} parameter groupId`],
    ['request-parameter-min-increased error'],
  ],
  [
    'a parameter minimum decreased is info',
    'request_parameter_min_increased_revision.yaml',
    'request_parameter_min_increased_base.yaml',
    [`${GROUPS} parameter groupId`],
    ['request-parameter-min-decreased info'],
  ],
  [
    'a parameter maximum increased is info',
    'request_parameter_max_updated_base.yaml',
    'request_parameter_max_updated_revision.yaml',
    [`${GROUPS} parameter category`],
    ['request-parameter-max-increased info'],
  ],
  [
    'a parameter maximum decreased is an error',
    'request_parameter_max_updated_revision.yaml',
    'request_parameter_max_updated_base.yaml',
    [`${GROUPS} parameter category`],
    ['request-parameter-max-decreased error'],
  ],
  [
    'a parameter item maxItems increased is info',
    'request_parameter_max_items_updated_base.yaml',
    'request_parameter_max_items_updated_revision.yaml',
    [`${GROUPS} parameter category`],
    ['request-property-max-items-increased info'],
  ],
  [
    'a parameter item maxItems decreased is an error',
    'request_parameter_max_items_updated_revision.yaml',
    'request_parameter_max_items_updated_base.yaml',
    [`${GROUPS} parameter category`],
    ['request-property-max-items-decreased error'],
  ],
  [
    'a path-level parameter item maxItems decreased is an error',
    'common_request_parameter_max_items_updated_revision.yaml',
    'common_request_parameter_max_items_updated_base.yaml',
    [`${GROUPS} parameter category`],
    ['request-property-max-items-decreased error'],
  ],
  [
    'an array parameter maxItems decreased is an error',
    'request_parameter_array_max_items_base.yaml',
    'request_parameter_array_max_items_revision.yaml',
    ['GET /test parameter ids'],
    ['request-parameter-max-items-decreased error'],
  ],
  [
    'a parameter enum value removed is an error',
    'request_parameter_enum_value_updated_base.yaml',
    'request_parameter_enum_value_updated_revision.yaml',
    ['GET /test parameter status'],
    ['request-parameter-enum-value-removed error'],
  ],
  [
    'a parameter enum value added is info',
    'request_parameter_enum_value_updated_revision.yaml',
    'request_parameter_enum_value_updated_base.yaml',
    ['GET /test parameter status'],
    ['request-parameter-enum-value-added info'],
  ],
  [
    'an enum value removed from a parameter property is an error',
    'request_parameter_property_enum_value_updated_base.yaml',
    'request_parameter_property_enum_value_updated_revision.yaml',
    ['GET /test parameter filter'],
    ['request-property-enum-value-removed error'],
  ],
  [
    'an enum value added to a parameter property is info',
    'request_parameter_property_enum_value_updated_revision.yaml',
    'request_parameter_property_enum_value_updated_base.yaml',
    ['GET /test parameter filter'],
    ['request-property-enum-value-added info'],
  ],
  [
    'a request property minimum increased is an error',
    'request_property_min_increased_base.yaml',
    'request_property_min_increased_revision.yaml',
    ['POST /pets request'],
    ['request-property-min-increased error'],
  ],
  [
    'a request property minimum decreased is info',
    'request_property_min_increased_revision.yaml',
    'request_property_min_increased_base.yaml',
    ['POST /pets request'],
    ['request-property-min-decreased info'],
  ],
  [
    'request oneOf alternatives added are info',
    'request_property_one_of_added_base.yaml',
    'request_property_one_of_added_revision.yaml',
    ['POST /pets request'],
    ['request-body-one-of-added info', 'request-property-one-of-added info'],
  ],
  [
    'request oneOf alternatives removed are errors',
    'request_property_one_of_removed_base.yaml',
    'request_property_one_of_removed_revision.yaml',
    ['POST /pets request'],
    ['request-body-one-of-removed error', 'request-property-one-of-removed error'],
  ],
  [
    'an inline enum alternative moved to a $ref changes nothing',
    'request_property_any_of_ref_inline_enum_base.yaml',
    'request_property_any_of_ref_inline_enum_revision.yaml',
    ['PUT /users/{user_id} request'],
    [],
  ],
  [
    'a required request property added is an error',
    ADDED,
    'request_property_added_revision.yaml',
    ['POST /products request'],
    ['request-body-required-property-added error'],
  ],
  [
    'required and optional request properties added are an error and info',
    ADDED,
    'request_property_added_revision2.yaml',
    ['POST /products request'],
    ['request-body-required-property-added error', 'request-body-optional-property-added info'],
  ],
  [
    'a required request property removed is a warning',
    'request_property_added_revision.yaml',
    ADDED,
    ['POST /products request'],
    ['request-body-required-property-removed warning'],
  ],
  // Our policy: a new required request property with a default is filled in by the provider
  // when a client omits it, so it breaks no client (the fixture's tool says error).
  [
    'a required request property added with a default is info',
    ADDED,
    'request_property_added_with_default.yaml',
    ['POST /products request'],
    ['request-body-required-property-with-default-added info'],
  ],
  [
    'a contains added to a request body is an error',
    'contains_added_base.yaml',
    'contains_added_revision.yaml',
    ['POST /products request'],
    ['request-body-contains-added error'],
  ],
  [
    'a contains removed from a request body is info',
    'contains_added_revision.yaml',
    'contains_added_base.yaml',
    ['POST /products request'],
    ['request-body-contains-removed info'],
  ],
  [
    'prefixItems added are info in a request and an error in a response',
    'prefix_items_added_base.yaml',
    'prefix_items_added_revision.yaml',
    ['POST /products request', 'POST /products response 200'],
    ['request-body-prefix-items-added info', 'response-body-prefix-items-added error'],
  ],
  [
    'prefixItems removed from a request body are an error',
    'prefix_items_added_revision.yaml',
    'prefix_items_added_base.yaml',
    ['POST /products request'],
    ['request-body-prefix-items-removed error'],
  ],
  // Our policy: an allOf member of only title and description accepts every value, so adding
  // it changes no contract and is not reported (the fixture's tool reports all-of-added).
  [
    'an annotation-only allOf member added to a request body is not reported',
    'request_property_all_of_annotation_only_added_base.yaml',
    'request_property_all_of_annotation_only_added_revision.yaml',
    ['POST /pets request'],
    [],
  ],
  [
    'an annotation-only allOf member added to a request property is not reported',
    'request_property_all_of_annotation_only_added_at_property_base.yaml',
    'request_property_all_of_annotation_only_added_at_property_revision.yaml',
    ['POST /pets request'],
    [],
  ],
  [
    'a scalar query parameter that became an array of strings generalizes',
    'request_param_multitype_to_array_31_base.yaml',
    'request_param_multitype_to_array_31_revision.yaml',
    [`${GROUPS} parameter token`],
    ['request-parameter-type-generalized info'],
  ],
  [
    'a string parameter that became an array of integers is a type change',
    'request_param_multitype_to_array_31_base.yaml',
    'request_param_multitype_to_array_integer_31_revision.yaml',
    [`${GROUPS} parameter token`],
    ['request-parameter-type-changed error'],
  ],
  [
    'a scalar parameter that became an array with a pattern is a type change',
    'request_param_scalar_to_constrained_array_31_base.yaml',
    'request_param_scalar_to_constrained_array_31_revision.yaml',
    [`${GROUPS} parameter token`],
    ['request-parameter-type-changed error'],
  ],
  [
    'a two-type parameter that became a constrained array is a type change',
    'request_param_multitype_to_array_31_base.yaml',
    'request_param_multitype_to_constrained_array_31_revision.yaml',
    [`${GROUPS} parameter token`],
    ['request-parameter-type-changed error'],
  ],
  [
    'a discriminator added to a request body and a property is info',
    'request_property_discriminator_added_base.yaml',
    'request_property_discriminator_added_revision.yaml',
    ['POST /pets request'],
    ['request-body-discriminator-added info', 'request-property-discriminator-added info'],
  ],
  [
    'discriminator mappings added, deleted and repointed are info',
    'request_property_discriminator_added_revision.yaml',
    'request_property_discriminator_mapping_changed.yaml',
    ['POST /pets request'],
    [
      'request-body-discriminator-mapping-deleted info',
      'request-body-discriminator-mapping-added info',
      'request-property-discriminator-mapping-deleted info',
      'request-property-discriminator-mapping-changed info',
      'request-property-discriminator-mapping-added info',
    ],
  ],
];

describe('compareSchemas on the oasdiff request fixtures', () => {
  it.each(cases)('%s', (_title, base, revision, sites, want) => {
    expect(diff(base, revision, sites)).toStrictEqual(want);
  });
  it('reports a renamed discriminator property with the properties it renamed', () => {
    const found = diff(
      'request_property_discriminator_added_revision.yaml',
      'request_property_discriminator_added_property_name_changed.yaml',
      ['POST /pets request'],
    );
    expect(found.filter((finding) => finding.includes('discriminator'))).toStrictEqual([
      'request-body-discriminator-property-name-changed info',
      'request-property-discriminator-property-name-changed info',
    ]);
    expect(found).toContain('request-body-optional-property-removed warning');
  });
});
