// Our judgement of every error the Stripe pair gives. Both releases carry API version
// 2022-11-15, which Stripe promises not to break, so each error is either a real change to what
// the document allows or a false alarm; one entry per underlying change.
import type { Finding } from '../../src/contracts/diff/model.js';

/** One underlying change of the Stripe pair that yields errors, and whether they are true. */
export interface StripeJudgement {
  change: string;
  /** Matches `<rule> <location>` of the errors this change yields. */
  match: RegExp;
  verdict: 'true error' | 'false error';
  why: string;
}

/** Every judged Stripe change; an error matching none of them is listed as not judged. */
export const STRIPE_JUDGEMENTS: readonly StripeJudgement[] = [
  {
    change:
      'line_item `invoice_item`, `subscription`, `subscription_item`: string -> anyOf [string, expanded object]',
    match:
      /^response-property-any-of-added .*\/(invoice_item|subscription|subscription_item)\/anyOf\[/,
    verdict: 'false error',
    why: 'by the schema a reader may now get an object, but Stripe returns the object only when the request asks for it with expand[] (x-expansionResources), so no existing call sees it.',
  },
  {
    change: 'POST /v1/files multipart `file`: `format: binary` added',
    match: /^request-property-format-added .*\/v1\/files .*\/file$/,
    verdict: 'false error',
    why: 'binary only states that the multipart part carries raw bytes, which it always did; no client sends anything else.',
  },
  {
    change: 'Checkout Session `success_url` became optional and nullable',
    match: /^response-property-became-(optional|nullable) .*\/success_url$/,
    verdict: 'true error',
    why: 'a reader (or a generated client typing it as a string) may now receive null or no value.',
  },
  {
    change:
      'Identity VerificationSession/VerificationReport `options` and `type` became optional and nullable',
    match:
      /^response-property-(became-optional|became-nullable|any-of-added) .*\/(options|type)(\/anyOf\[gelato_verification_session_options\])?$/,
    verdict: 'true error',
    why: 'readers that relied on both fields being present now get null or nothing; a real narrowing of the response, though Stripe fixed the document rather than the API.',
  },
];

/** One judged change with how many errors it produced. */
export interface StripeTally {
  judgement: StripeJudgement | undefined;
  errors: number;
  example: string;
}

/** Groups the pair's error findings by the change that caused them. */
export function judgeStripeErrors(findings: readonly Finding[]): StripeTally[] {
  const tallies = new Map<StripeJudgement | undefined, StripeTally>();
  for (const f of findings.filter((found) => found.level === 'error')) {
    const line = `${f.rule} ${f.location}`;
    const judgement = STRIPE_JUDGEMENTS.find((j) => j.match.test(line));
    const tally = tallies.get(judgement) ?? { judgement, errors: 0, example: line };
    tally.errors++;
    tallies.set(judgement, tally);
  }
  return [...tallies.values()];
}
