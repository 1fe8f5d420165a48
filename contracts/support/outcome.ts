/** What a consumer makes of an answer: the value it wanted, or the problem it reports. */
export type Outcome<T> =
  { ok: true; value: T } | { ok: false; status: number; code: string; pointers: string[] };

interface ProblemBody {
  code?: string;
  errors?: { pointer?: string }[];
}

/** Reads an openapi-fetch answer: `pick` the value from a success, or name the problem. */
export function outcomeOf<Data, T>(
  answer: { data?: Data; error?: unknown; response: Response },
  pick: (data: Data) => T,
): Outcome<T> {
  if (answer.data !== undefined) return { ok: true, value: pick(answer.data) };
  const problem = (answer.error ?? {}) as ProblemBody;
  return {
    ok: false,
    status: answer.response.status,
    code: problem.code ?? 'unknown',
    pointers: (problem.errors ?? []).map((error) => error.pointer ?? ''),
  };
}
