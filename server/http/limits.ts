import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  GraphQLError, Kind, NoSchemaIntrospectionCustomRule, getOperationAST, parse, visit, type DefinitionNode, type DocumentNode, type GraphQLSchema,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LimitExceededError } from '../storage/errors.js';
import type { Limits } from '../settings.js';

/** The GraphQL error of a limit: code LIMIT_EXCEEDED, which limit, its maximum and what was asked. */
export function limitError(e: LimitExceededError, status = 400): GraphQLError {
  return new GraphQLError(e.message, {
    extensions: {
      code: 'LIMIT_EXCEEDED',
      limit: e.limit,
      maximum: e.maximum,
      ...(e.actual != null ? { actual: e.actual } : {}),
      http: { status, ...(e.retryAfter ? { headers: { 'Retry-After': String(e.retryAfter) } } : {}) },
    },
  });
}

/** Aliases in the whole document, every operation and fragment: a plain walk of the parsed tree. */
function aliasCount(document: DocumentNode): number {
  let count = 0;
  visit(document, { Field: (node) => void (node.alias ? count++ : undefined) });
  return count;
}

/**
 * What a dump of the schema adds to the cost. The complexity plugin counts only our own fields, so
 * `__schema` and `__type` would cost 1 whatever they select; a full dump is about 120 KB. At these
 * prices the default MAX_COST (50,000) admits two full dumps in one request, not three.
 */
export const INTROSPECTION_COST = { __schema: 20_000, __type: 1_000 } as const;

/**
 * The introspection root fields an operation selects, fragments included: `__schema` and `__type`
 * exist on the query root only, so a fragment spread twice there selects them once.
 */
/** How often a document asks for `__schema` and `__type`. */
function countIntrospection(document: DocumentNode): { __schema: number; __type: number } {
  const counts = { __schema: 0, __type: 0 };
  visit(document, { Field: (node) => void (node.name.value === '__schema' || node.name.value === '__type' ? counts[node.name.value]++ : undefined) });
  return counts;
}

const introspectionOf = new WeakMap<DocumentNode, { __schema: number; __type: number }>();
/** The same, worked out once per document (Yoga's parser cache hands the same one back). */
function introspectionFields(document: DocumentNode): { __schema: number; __type: number } {
  let found = introspectionOf.get(document);
  if (!found) introspectionOf.set(document, (found = countIntrospection(document)));
  return found;
}

/**
 * The depth and estimated cost of an operation. They depend on the document, the operation and the
 * variables only, so for an operation without variables (most repeated requests) they are worked
 * out once per document: every request for it would walk the same tree to the same numbers.
 */
const analysed = new WeakMap<DocumentNode, Map<string, { depth: number; complexity: number }>>();
function depthAndCost(document: DocumentNode, operationName: string | null | undefined, schema: GraphQLSchema, variables: Record<string, unknown>, ctx: object) {
  const operation = getOperationAST(document, operationName);
  const cacheable = !operation?.variableDefinitions?.length;
  const key = operationName ?? '';
  const known = cacheable ? analysed.get(document)?.get(key) : undefined;
  if (known) return known;
  const single: DocumentNode = { ...document, definitions: document.definitions.filter((d: DefinitionNode) => d.kind !== Kind.OPERATION_DEFINITION || d === operation) };
  const { depth, complexity: fieldsCost } = complexityFromQuery(single, { schema, variables, ctx });
  // `single` is made afresh for this request: counted, not kept.
  const introspection = countIntrospection(single);
  const result = { depth, complexity: fieldsCost + introspection.__schema * INTROSPECTION_COST.__schema + introspection.__type * INTROSPECTION_COST.__type };
  if (cacheable) {
    let byName = analysed.get(document);
    if (!byName) analysed.set(document, (byName = new Map()));
    byName.set(key, result);
  }
  return result;
}

/**
 * Tokens are counted while parsing (graphql-js stops at the limit, before building a huge tree), and
 * aliases right after it, before validation: validating hundreds of aliased fields costs more than
 * refusing them. (graphql-armor's max-aliases does this as a validation rule, which runs inside the
 * same pass as the others, after every fragment placed before the operation, and answers without
 * our LIMIT_EXCEEDED fields: hence this check.) Depth and cost, introspection included, are checked
 * before execution, so that the compiled path and Pothos both run only operations within the limits.
 */
export function useQueryLimits(limits: Limits): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        let document: DocumentNode;
        try {
          document = parse(source, { ...options, maxTokens: limits.maxTokens });
        } catch (error) {
          if (error instanceof GraphQLError && /Document contains more th(?:an|at) \d+ tokens/.test(error.message)) {
            throw limitError(new LimitExceededError('tokens', limits.maxTokens, null, `The document has more than ${limits.maxTokens} tokens (MAX_TOKENS).`));
          }
          throw error;
        }
        const aliases = aliasCount(document);
        if (aliases > limits.maxAliases) {
          throw limitError(new LimitExceededError('aliases', limits.maxAliases, aliases, `The operation uses ${aliases} aliases; the limit is ${limits.maxAliases} (MAX_ALIASES).`));
        }
        return document;
      });
    },
    onExecute({ args, setResultAndStopExecution }) {
      const problems: LimitExceededError[] = [];
      const { depth, complexity } = depthAndCost(args.document, args.operationName, args.schema, (args.variableValues ?? {}) as Record<string, unknown>, args.contextValue as object);
      if (depth > limits.maxDepth) problems.push(new LimitExceededError('depth', limits.maxDepth, depth, `The operation is ${depth} fields deep; the limit is ${limits.maxDepth} (MAX_DEPTH).`));
      if (complexity > limits.maxCost) {
        problems.push(new LimitExceededError('cost', limits.maxCost, complexity, `The operation's estimated cost is ${complexity}; the limit is ${limits.maxCost} (MAX_COST). Ask for smaller pages or fewer nested connections.`));
      }
      if (problems.length) setResultAndStopExecution({ errors: problems.map((p) => limitError(p)) });
    },
  };
}

/**
 * Queries that run longer than the limit are answered with an error (the database, on PostgreSQL,
 * cancels the statement itself: statement_timeout). Mutations are left to finish: answering
 * "timed out" while their transaction commits would misreport what was written.
 */
export function useRequestTimeout(ms: number): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      setExecuteFn(async (executionArgs) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new LimitExceededError('requestTimeout', ms, null, `The query ran longer than ${ms} ms (REQUEST_TIMEOUT_MS).`)), ms);
        });
        try {
          return await Promise.race([executeFn(executionArgs), timeout]);
        } catch (error) {
          if (error instanceof LimitExceededError) return { errors: [limitError(error, 503)] };
          throw error;
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}

/**
 * With READS_REQUIRE_KEY, the schema is read like the data: a request that may not read gets 401
 * for `__schema` and `__type` too (the scope checks on our fields do not see them). `__typename`
 * tells nothing and stays open.
 */
export function useIntrospectionAccess(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if ((args.contextValue as { auth?: { canRead?: boolean } }).auth?.canRead) return;
      const { __schema, __type } = introspectionFields(args.document);
      if (__schema + __type === 0) return;
      setResultAndStopExecution({
        errors: [new GraphQLError('Reading the schema needs an API key with the read scope on this server (READS_REQUIRE_KEY).', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
        })],
      });
    },
  };
}

/** Turns off introspection (__schema, __type) with graphql-js's own rule. */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

interface Visit {
  value: unknown;
  key: string | number | null;
  parent: Visit | null;
}

/**
 * Where a variable holds a NUL character: its path (`$input.text`), or null. A walk with its own
 * stack, not recursion: variables are raw JSON here (coerced only later, by execution), nested as
 * deep as the body limit allows, and a recursive walk overflowed the call stack at ~1,500 levels.
 * The path is built only for the value found, so a deep walk stays linear.
 */
function nulPath(root: unknown, rootPath: string): string | null {
  const stack: Visit[] = [{ value: root, key: null, parent: null }];
  while (stack.length) {
    const item = stack.pop()!;
    const { value } = item;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pathOf(item, rootPath);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: item });
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], key: entries[i][0], parent: item });
    }
  }
  return null;
}

function pathOf(found: Visit, rootPath: string): string {
  const keys: (string | number)[] = [];
  for (let v: Visit | null = found; v && v.key !== null; v = v.parent) keys.push(v.key);
  return rootPath + keys.reverse().map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
}

/**
 * No text argument may hold a NUL character: PostgreSQL cannot store or compare one, and in an
 * article it means binary data. Refused up front, the same way on both databases.
 */
export function useTextInputChecks(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let where = nulPath(args.variableValues ?? {}, '$')?.replace(/^\$\./, '$') ?? null;
      if (!where) visit(args.document, { StringValue: (node) => void (node.value.includes('\u0000') ? (where = 'a string in the document') : undefined) });
      if (where) {
        setResultAndStopExecution({
          errors: [new GraphQLError(`Invalid input: ${where} contains NUL characters: binary data, not text`, { extensions: { code: 'BAD_USER_INPUT' } })],
        });
      }
    },
  };
}
