export { createClient, type ClientOptions, type FetchLike, type NewsgraphClient } from './client.js';
export { NewsgraphError, type GraphQLErrorEntry, type MutationErrorEntry, type NewsgraphErrorKind } from './errors.js';
export { paginate, type ConnectionPage } from './paginate.js';
export { deleteArticle, ingestArticle, mergeActors } from './mutations.js';
export * from './operations.js';
/** Every type of the schema: objects, inputs and enums. */
export type * from './generated/schema.js';
/** The result and variables types of the ready operations (EventsQuery, EventsQueryVariables, ...). */
export type {
  ActorFieldsFragment, ArticleFieldsFragment, EventFieldsFragment, StatementFieldsFragment, MutationErrorFieldsFragment,
  NodeQuery as NodeQueryResult, NodeQueryVariables,
  EventsQuery as EventsQueryResult, EventsQueryVariables,
  ActorsQuery as ActorsQueryResult, ActorsQueryVariables,
  StatementsQuery as StatementsQueryResult, StatementsQueryVariables,
  ArticlesQuery as ArticlesQueryResult, ArticlesQueryVariables,
  ActorTimelineQuery as ActorTimelineQueryResult, ActorTimelineQueryVariables,
  EventDetailQuery as EventDetailQueryResult, EventDetailQueryVariables,
  SearchQuery as SearchQueryResult, SearchQueryVariables,
  IngestArticleMutation as IngestArticleMutationResult, IngestArticleMutationVariables,
  DeleteArticleMutation as DeleteArticleMutationResult, DeleteArticleMutationVariables,
  MergeActorsMutation as MergeActorsMutationResult, MergeActorsMutationVariables,
} from './generated/graphql.js';
export type { TypedDocumentNode } from '@graphql-typed-document-node/core';
