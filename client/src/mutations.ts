import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { NewsgraphClient } from './client.js';
import { NewsgraphError, type MutationErrorEntry } from './errors.js';
import type { IngestArticleInput, MergeActorsInput } from './generated/schema.js';
import { DeleteArticleMutation, IngestArticleMutation, MergeActorsMutation } from './operations.js';

/** The data of the success member of a mutation's result union. */
type SuccessData<Union> = Union extends { __typename?: `Mutation${string}Success`; data: infer Data } ? Data : never;

/** The success data of a mutation's result union; its typed errors become a NewsgraphError. */
async function run<Result, Variables extends Record<string, unknown>, Union extends { __typename?: string }>(
  client: NewsgraphClient,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  pick: (result: Result) => Union,
): Promise<SuccessData<Union>> {
  const outcome = pick(await client.request(document, ...([variables] as never)));
  if ('data' in outcome && outcome.__typename?.endsWith('Success')) return outcome.data as SuccessData<Union>;
  const error = outcome as unknown as MutationErrorEntry;
  const issues = (error as { issues?: { field: string; problem: string }[] }).issues;
  const detail = issues ? `: ${issues.map((i) => `${i.field}: ${i.problem}`).join('; ')}` : '';
  throw new NewsgraphError('mutation', `${error.message}${detail}`, { mutationError: error });
}

/** Ingests an article; the same body twice answers `status: ALREADY_EXISTS`. */
export function ingestArticle(client: NewsgraphClient, input: IngestArticleInput) {
  return run(client, IngestArticleMutation, { input }, (r) => r.ingestArticle);
}

/** Deletes an article and what was derived only from it. */
export function deleteArticle(client: NewsgraphClient, id: string) {
  return run(client, DeleteArticleMutation, { id }, (r) => r.deleteArticle);
}

/** Merges actors into the one kept. */
export function mergeActors(client: NewsgraphClient, input: MergeActorsInput) {
  return run(client, MergeActorsMutation, { input }, (r) => r.mergeActors);
}
