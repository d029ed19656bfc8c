import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Server } from 'node:http';
import request, { type Response, type Test } from 'supertest';

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const DOCUMENT_ID = 'openapi.json';
const ERROR_SCHEMA = { $ref: `${DOCUMENT_ID}#/components/schemas/ApiErrorDto` };

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv. `nullable: true` lets null through (wrapped in anyOf, so it also holds
 * beside allOf, which is how a nullable $ref is written); the siblings of a $ref are ignored, as OpenAPI 3.0 says.
 * Strict (for 2xx bodies): an object that lists its properties has no others, so a field the document does not
 * declare fails too; error bodies may carry details beyond ApiErrorDto.
 */
function toJsonSchema(schema: unknown, strict: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, strict));
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Schema;
  if (typeof source.$ref === 'string') return { $ref: source.$ref.replace(/^#/, `${DOCUMENT_ID}#`) };
  const { nullable, example: _example, ...rest } = source;
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    out[key] = key === 'properties' ? mapValues(value, (v) => toJsonSchema(v, strict)) : toJsonSchema(value, strict);
  }
  if (strict && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): unknown {
  return Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, fn(v)]));
}

function validatorFor(document: Document, strict: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addSchema({ $id: DOCUMENT_ID, components: toJsonSchema(document.components, strict) }, DOCUMENT_ID);
  return ajv;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  operation: Operation;
}

/**
 * What the app's own served document (/api/docs-json) promises for each operation, checked against every JSON answer
 * a test receives: createTestApp hands out its supertest agent through agent(), so every e2e suite is checked without
 * saying so. Routes the document leaves out (the pages, the docs themselves) and bodies that are not JSON are not checked.
 */
export class OpenApiContract {
  private readonly routes: Route[];
  private readonly strict: Ajv;
  private readonly lenient: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(document: Document) {
    this.strict = validatorFor(document, true);
    this.lenient = validatorFor(document, false);
    this.routes = Object.entries(document.paths)
      .flatMap(([template, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
          operation,
        })),
      )
      // `/check-ins/search` before `/check-ins/{registrationId}`: the route with more fixed segments wins.
      .sort((a, b) => fixedSegments(b.template) - fixedSegments(a.template));
  }

  /** Reads the document the app serves (built once per app, when it starts). */
  static async of(server: Server): Promise<OpenApiContract> {
    const res = await request(server).get('/api/docs-json');
    if (res.status !== 200) throw new Error(`GET /api/docs-json answered ${res.status}`);
    return new OpenApiContract(res.body as Document);
  }

  /** supertest bound to server, every request of it checked against the document when it ends. */
  agent(server: Server): ReturnType<typeof request> {
    const agent = request(server);
    for (const [name, method] of Object.entries(agent) as [keyof typeof agent, (url: string) => Test][]) {
      agent[name] = ((url: string) => this.watch(method(url))) as never;
    }
    return agent;
  }

  private watch(test: Test): Test {
    const end = test.end.bind(test);
    test.end = (callback) =>
      end((error, res) => callback?.(error ?? (res ? this.mismatch(test.method, test.url, res) : null), res));
    return test;
  }

  /** Why res breaks the document (an Error with a message a reader can act on), or null when it keeps it. */
  mismatch(method: string, url: string, res: Response): Error | null {
    const path = new URL(url, 'http://x').pathname;
    const route = this.routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
    const json = /^application\/([\w.+-]+\+)?json/.test(String(res.headers['content-type'] ?? ''));
    if (!route || !json || res.text === '') return null;
    const status = String(res.status);
    const documented = route.operation.responses[status] ?? route.operation.responses.default;
    const schema = documented?.content?.['application/json']?.schema;
    const where = `${method.toUpperCase()} ${route.template} answered ${status}`;
    if (!schema && res.status < 400) {
      return new Error(`OpenAPI contract: ${where} with a JSON body, which the document does not describe`);
    }
    const key = `${route.method} ${route.template} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const ajv = res.status < 400 ? this.strict : this.lenient;
      validate = ajv.compile(schema ? (toJsonSchema(schema, res.status < 400) as Schema) : ERROR_SCHEMA);
      this.compiled.set(key, validate);
    }
    if (validate(res.body)) return null;
    const body = JSON.stringify(res.body);
    return new Error(
      [
        `OpenAPI contract: ${where}, and the body is not what /api/docs-json documents for it:`,
        ...describe(validate.errors ?? []),
        `body: ${body.length > 600 ? `${body.slice(0, 600)}…` : body}`,
      ].join('\n  '),
    );
  }
}

function fixedSegments(template: string): number {
  return template.split('/').filter((s) => s && !s.startsWith('{')).length;
}

/** One line an error (at most 12); the anyOf/oneOf summaries that only repeat their branches are left out. */
function describe(errors: ErrorObject[]): string[] {
  const lines = errors
    .filter((e) => !['anyOf', 'oneOf', 'allOf'].includes(e.keyword) || errors.length === 1)
    .map((e) => {
      const at = e.instancePath || '(body)';
      const extra = e.keyword === 'additionalProperties' ? `: "${String(e.params.additionalProperty)}"` : '';
      return `${at} ${e.message ?? e.keyword}${extra}`;
    });
  return [...new Set(lines)].slice(0, 12);
}
