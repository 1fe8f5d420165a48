import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  buildInvalidRequest,
  buildValidRequest,
  checkProblemAnswer,
  checkValidAnswer,
  listOperations,
  Random,
  SchemaValidator,
} from '../../src/contracts/fuzz/index.js';
import type {
  Answer,
  ApiDocument,
  FuzzRequest,
  Operation,
} from '../../src/contracts/fuzz/index.js';
import { ERROR_CATALOGUE } from '../../src/runtime/errors.js';
import { describeFailure, sendRequest } from './exchange.js';
import type { Exchange } from './exchange.js';
import type { FuzzedApp } from './gateway-setup.js';
import { RecordPools } from './record-pools.js';

/** Identifiers that exist without the fuzzer creating them, such as the served API ids. */
export interface KnownRecords {
  name: string;
  ids: readonly string[];
  parents?: Record<string, string>;
}

/** Records created per collection before the operations are fuzzed. */
const RECORDS_PER_COLLECTION = 3;

/** One API version as the fuzzer drives it. */
export class FuzzedApi {
  readonly document: ApiDocument;
  readonly basePath: string;
  readonly operations: Operation[];
  /** Statuses answered to valid requests, by operation: what the run reached. */
  /** Outcomes of valid requests (`200`, `404 not-found`) by operation: what the run reached. */
  readonly outcomes = new Map<string, Map<string, number>>();
  private readonly validator: SchemaValidator;
  private readonly pending = new Map<string, string[]>();
  private pools = new RecordPools([], new Set());

  constructor(
    readonly apiId: string,
    generatedDir: string,
    private readonly seed: number,
  ) {
    this.document = readJson(join(generatedDir, apiId, 'openapi.json'));
    this.basePath = (
      readJson(join(generatedDir, apiId, 'api.json')) as { basePath: string }
    ).basePath;
    this.operations = listOperations(this.document);
    this.validator = new SchemaValidator(this.document);
  }

  /** Creates a few records through every collection's POST, in document order. */
  async createRecords(app: FuzzedApp, known: readonly KnownRecords[]): Promise<void> {
    this.pools = new RecordPools(this.operations, app.protectedIds);
    for (const { name, ids, parents } of known) this.pools.seed(name, ids, parents);
    const creates = this.operations.filter(
      (op) => op.method === 'post' && this.pools.isCollection(op.path),
    );
    for (const operation of creates) {
      for (let i = 0; i < RECORDS_PER_COLLECTION; i++) {
        const failures = await this.sendValid(
          app,
          operation,
          this.random(operation, `create ${i}`),
        );
        this.pending.set(operation.operationId, [
          ...(this.pending.get(operation.operationId) ?? []),
          ...failures,
        ]);
      }
    }
  }

  /** Sends `runs` requests to one operation, alternating valid and invalid; returns failures. */
  async fuzz(app: FuzzedApp, operation: Operation, runs: number): Promise<string[]> {
    const failures = [...(this.pending.get(operation.operationId) ?? [])];
    for (let i = 0; i < runs; i++) {
      const random = this.random(operation, String(i));
      const outcome = i % 2 === 1 ? await this.sendInvalid(app, operation, random) : undefined;
      failures.push(...(outcome ?? (await this.sendValid(app, operation, random))));
    }
    return failures;
  }

  private async sendValid(app: FuzzedApp, operation: Operation, random: Random): Promise<string[]> {
    const request = buildValidRequest(operation, this.context(random));
    const exchange = await this.send(app, request);
    this.count(operation, exchange.answer);
    this.pools.harvest(operation, request, exchange.answer.status, exchange.answer.text);
    const failures = [
      ...quotaFailures(exchange),
      ...checkValidAnswer(operation, exchange.answer, this.validator),
    ];
    return failures.length === 0
      ? []
      : [this.describe(operation, 'valid request', exchange, failures)];
  }

  private async sendInvalid(
    app: FuzzedApp,
    operation: Operation,
    random: Random,
  ): Promise<string[] | undefined> {
    const invalid = buildInvalidRequest(operation, this.context(random));
    if (!invalid) return undefined;
    const exchange = await this.send(app, invalid.request);
    const failures = [
      ...quotaFailures(exchange),
      ...checkProblemAnswer(exchange.answer, ERROR_CATALOGUE),
    ];
    const heading = `invalid request, ${invalid.defect}`;
    return failures.length === 0 ? [] : [this.describe(operation, heading, exchange, failures)];
  }

  private send(app: FuzzedApp, request: FuzzRequest): Promise<Exchange> {
    return sendRequest(app.app.url, this.basePath, request, app.headersFor(this.apiId));
  }

  private context(random: Random) {
    return {
      document: this.document,
      random,
      validator: this.validator,
      existing: (name: string, bound: Readonly<Record<string, string>>) =>
        this.pools.existing(name, bound),
    };
  }

  private random(operation: Operation, label: string): Random {
    return new Random(this.seed).fork(`${this.apiId} ${operation.operationId} ${label}`);
  }

  private count(operation: Operation, answer: Answer): void {
    const code = answer.status >= 400 ? ` ${problemCode(answer.text)}` : '';
    const outcome = `${answer.status}${code}`;
    const counts = this.outcomes.get(operation.operationId) ?? new Map<string, number>();
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    this.outcomes.set(operation.operationId, counts);
  }

  private describe(
    operation: Operation,
    what: string,
    exchange: Exchange,
    failures: string[],
  ): string {
    return describeFailure(
      `${this.apiId} ${operation.operationId}: ${what}`,
      exchange,
      failures,
      this.seed,
    );
  }
}

/** A 429 means the setup let a quota in: a failure of the run, not of the runtime. */
function quotaFailures(exchange: Exchange): string[] {
  return exchange.answer.status === 429
    ? ['expected the fuzz setup to keep quotas out of the way, got 429']
    : [];
}

function problemCode(text: string): string {
  try {
    return String((JSON.parse(text) as { code?: unknown }).code);
  } catch {
    return '(no problem document)';
  }
}

function readJson(file: string): ApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as ApiDocument;
}
