// Our judgement of every disagreement with oasdiff's expectations, keyed by
// `<base> -> <revision> <their id>`. A disagreement without an entry here is listed as
// "not judged", so a new one cannot pass unnoticed.

/** Whose view a disagreement favours. */
export type Verdict = 'theirs wrong' | 'ours wrong' | 'policy difference';

/** The judgement of one disagreement, in one sentence. */
export interface Judgement {
  verdict: Verdict;
  why: string;
}

/** Every judged disagreement. */
export const VERDICTS: Readonly<Record<string, Judgement>> = {
  'response_xml_type_compatible_base.yaml -> response_xml_type_compatible_revision.yaml response-body-type-changed':
    {
      verdict: 'policy difference',
      why: 'oasdiff calls string -> object compatible for XML bodies; we judge an XML body by its schema like any other, and a reader that took text now gets child elements.',
    },
  'response_xml_type_compatible_base.yaml -> response_xml_type_compatible_revision.yaml response-body-type-compatible':
    {
      verdict: 'policy difference',
      why: 'the same change seen from their side: we have no XML-specific compatibility rule and report the type change instead.',
    },
  'api_security_global_added_base.yaml -> api_security_global_added_revision.yaml api-global-security-added':
    {
      verdict: 'policy difference',
      why: 'oasdiff reports new security as INFO; our gate makes credentials required where none were an error, since every anonymous caller is refused.',
    },
  'api_security_added_base.yaml -> api_security_added_revision.yaml api-security-added': {
    verdict: 'policy difference',
    why: 'as for global security: an operation that newly needs credentials refuses its existing anonymous callers, so we report an error.',
  },
  'response_property_any_of_added_base.yaml -> response_property_any_of_added_revision.yaml response-body-any-of-added':
    {
      verdict: 'policy difference',
      why: 'we flag a new anyOf alternative in a response as a warning, since specs use anyOf for opt-in variants such as expandable ids (Stripe has thousands), where oasdiff calls it INFO; both keep a new oneOf branch an error.',
    },
  'response_property_any_of_added_base.yaml -> response_property_any_of_added_revision.yaml response-property-any-of-added':
    {
      verdict: 'policy difference',
      why: 'the same anyOf policy, one level down.',
    },
  'response_optional_property_removed_base.yaml -> response_optional_property_removed_revision.yaml response-optional-property-removed':
    {
      verdict: 'policy difference',
      why: 'a reader that used an optional response property loses its data as surely as with a required one, and release notes such as Apideck CRM 4.0 call these removals breaking, so we report an error where oasdiff warns.',
    },
  'request_property_added_base.yaml -> request_property_added_with_default.yaml new-required-request-property-with-default':
    {
      verdict: 'policy difference',
      why: 'we report it as info on the rule that the provider fills in the default when a client omits the property, as the request validation of the Junction runtime does (ajv with useDefaults); JSON Schema makes default an annotation only, so a provider that validates without applying defaults would refuse such clients, which is the case oasdiff guards against.',
    },
  'response_property_any_of_complex_base.yaml -> response_property_any_of_complex_revision.yaml response-body-type-changed':
    {
      verdict: 'policy difference',
      why: 'both tools report the Rabbit alternative going from string to number as an error: oasdiff under its property id at `anyOf[subschema #3: Rabbit]/`, we under the body id, as that alternative is the body itself.',
    },
  'request_parameter_max_items_updated_base.yaml -> request_parameter_max_items_updated_revision.yaml request-parameter-max-items-increased':
    {
      verdict: 'theirs wrong',
      why: 'the fixture puts maxItems on the string items of the array, where JSON Schema ignores it, so no value accepted or refused changes.',
    },
  'request_parameter_max_items_updated_revision.yaml -> request_parameter_max_items_updated_base.yaml request-parameter-max-items-decreased':
    {
      verdict: 'theirs wrong',
      why: 'maxItems on string items has no effect, so lowering it refuses nothing.',
    },
  'response_property_all_of_annotation_only_added_base.yaml -> response_property_all_of_annotation_only_added_revision.yaml response-body-all-of-added':
    {
      verdict: 'policy difference',
      why: 'the added member carries only a title and a description, so the body accepts exactly what it did; oasdiff notes it at INFO under a separate annotation-only id, we report nothing.',
    },
  'request_property_all_of_annotation_only_added_at_property_base.yaml -> request_property_all_of_annotation_only_added_at_property_revision.yaml request-property-all-of-added':
    {
      verdict: 'theirs wrong',
      why: 'the expectation is wrong, not oasdiff: its test asserts the separate annotation-only id at INFO and that this ERR id is not reported; the member refuses nothing, and we report nothing.',
    },
  'request_property_all_of_annotation_only_added_base.yaml -> request_property_all_of_annotation_only_added_revision.yaml request-body-all-of-added':
    {
      verdict: 'theirs wrong',
      why: 'as above, at the root of the body: oasdiff itself reports the annotation-only id at INFO, and the member has no validation keyword.',
    },
};
