import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  GraphQLError, Kind, NoSchemaIntrospectionCustomRule, getOperationAST, parse, visit, type DefinitionNode, type DocumentNode,
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

function aliasCount(document: DocumentNode): number {
  let count = 0;
  visit(document, { Field: (node) => void (node.alias ? count++ : undefined) });
  return count;
}

/**
 * Tokens are counted while parsing (graphql-js stops at the limit, before building a huge tree);
 * aliases, depth and cost are checked before execution, so that the compiled path and Pothos
 * both run only operations within the limits.
 */
export function useQueryLimits(limits: Limits): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parse(source, { ...options, maxTokens: limits.maxTokens });
        } catch (error) {
          if (error instanceof GraphQLError && /Document contains more th(?:an|at) \d+ tokens/.test(error.message)) {
            throw limitError(new LimitExceededError('tokens', limits.maxTokens, null, `The document has more than ${limits.maxTokens} tokens (MAX_TOKENS).`));
          }
          throw error;
        }
      });
    },
    onExecute({ args, setResultAndStopExecution }) {
      const problems: LimitExceededError[] = [];
      const aliases = aliasCount(args.document);
      if (aliases > limits.maxAliases) problems.push(new LimitExceededError('aliases', limits.maxAliases, aliases, `The operation uses ${aliases} aliases; the limit is ${limits.maxAliases} (MAX_ALIASES).`));
      const operation = getOperationAST(args.document, args.operationName);
      const single: DocumentNode = { ...args.document, definitions: args.document.definitions.filter((d: DefinitionNode) => d.kind !== Kind.OPERATION_DEFINITION || d === operation) };
      const { depth, complexity } = complexityFromQuery(single, { schema: args.schema, variables: (args.variableValues ?? {}) as Record<string, unknown>, ctx: args.contextValue as object });
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

/** Turns off introspection (__schema, __type) with graphql-js's own rule. */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/** Where a variable holds a NUL character: its path (`$input.text`), or null. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nulPath(v, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = nulPath(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return null;
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
