import {
  GraphQLError, TypeInfo, getNamedType, isObjectType, visit, visitWithTypeInfo, type DocumentNode, type GraphQLNamedType, type GraphQLSchema,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import type { Plugin } from 'graphql-yoga';

/** Largest page any connection serves. */
export const MAX_PAGE_SIZE = 100;
/** The page a connection serves when the client names no size. */
export const DEFAULT_PAGE_SIZE = 20;

/** Whether a GraphQL type is a Relay connection (it has pageInfo). */
export const isConnectionType = (type: GraphQLNamedType | null | undefined): boolean => isObjectType(type) && 'pageInfo' in type.getFields();

/**
 * Checks the paging arguments of every connection field, and the `first` of every capped plain
 * list (an actor's children and aliases), in an operation before it runs.
 * Pothos would clamp `first: 1000` to the maximum and ignore `first` with `last`: a client
 * is better served by an error that says so.
 */
export function connectionArgumentProblems(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}): string[] {
  const problems: string[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        const type = def && getNamedType(def.type);
        if (!def || (!isConnectionType(type) && !def.args.some((a) => a.name === 'first'))) return;
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(def, node, variables);
        } catch {
          return; // Wrong argument types are reported by GraphQL's own validation.
        }
        const name = node.alias?.value ?? node.name.value;
        for (const key of ['first', 'last'] as const) {
          const value = args[key];
          if (typeof value === 'number' && (value < 0 || value > MAX_PAGE_SIZE)) {
            problems.push(`${name}: "${key}" is ${value}; it must be between 0 and ${MAX_PAGE_SIZE}`);
          }
        }
        if (args.first != null && args.last != null) problems.push(`${name}: give "first" or "last", not both`);
        if (args.after != null && args.before != null) problems.push(`${name}: give "after" or "before", not both`);
        if (args.first != null && args.before != null) problems.push(`${name}: "before" goes with "last", not with "first"`);
        if (args.last != null && args.after != null) problems.push(`${name}: "after" goes with "first", not with "last"`);
      },
    }),
  );
  return problems;
}

export function useConnectionArgumentChecks(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const problems = connectionArgumentProblems(args.schema, args.document, (args.variableValues ?? {}) as Record<string, unknown>);
      if (problems.length) {
        setResultAndStopExecution({
          errors: problems.map((p) => new GraphQLError(`Invalid paging arguments: ${p}`, { extensions: { code: 'BAD_USER_INPUT' } })),
        });
      }
    },
  };
}
