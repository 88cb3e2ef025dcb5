/**
 * The ready operations: what apps do most, each a typed document. `npm run codegen` turns every
 * `graphql(...)` here into a TypedDocumentNode with its result and variables types.
 */
import { graphql } from './generated/index.js';

export const ActorFieldsFragment = graphql(`
  fragment ActorFields on Actor {
    id
    name
    kind
    countryCode
    title
    parent { id name }
  }
`);

export const StatementFieldsFragment = graphql(`
  fragment StatementFields on Statement {
    id
    quote
    kind
    cue
    confidence
    speaker { id name kind }
    span { start end text }
    sentence { start end text }
    article { id title url publishedAt dateline source { name } }
  }
`);

export const EventFieldsFragment = graphql(`
  fragment EventFields on Event {
    id
    type
    summary
    date
    datePrecision
    status
    fatalities
    injuries
    confidence
    place { id name kind countryCode }
  }
`);

export const ArticleFieldsFragment = graphql(`
  fragment ArticleFields on Article {
    id
    url
    title
    publishedAt
    dateline
    language
    ingestedAt
    extractorVersion
    source { id name domain }
  }
`);

/**
 * Any node by its global id. (`kind` is an ActorKind, a StatementKind or a PlaceKind: GraphQL wants
 * different names for them in one selection, hence the aliases.)
 */
/** The typed errors every mutation may answer, with what each tells (`issues`, `requiredScope`, `limit`...). */
export const MutationErrorFieldsFragment = graphql(`
  fragment MutationErrorFields on Error {
    __typename
    message
    ... on ValidationError { issues { field problem } }
    ... on NotFoundError { entity id field }
    ... on ConflictError { field }
    ... on ForbiddenError { requiredScope }
    ... on LimitExceededError { limit maximum actual }
  }
`);

export const NodeQuery = graphql(`
  query Node($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Actor { ...ActorFields }
      ... on Event { ...EventFields }
      ... on Statement {
        quote
        statementKind: kind
        cue
        speaker { id name }
        span { start end text }
        sentence { start end text }
        article { id title publishedAt }
      }
      ... on Article { ...ArticleFields }
      ... on Place { name placeKind: kind countryCode latitude longitude }
      ... on Source { name domain }
    }
  }
`);

export const EventsQuery = graphql(`
  query Events($filter: EventFilter, $orderBy: EventOrder, $first: Int, $after: String, $last: Int, $before: String) {
    events(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ...EventFields participants(first: 20) { edges { node { role actor { id name kind } } } } } }
    }
  }
`);

export const ActorsQuery = graphql(`
  query Actors($filter: ActorFilter, $orderBy: ActorOrder, $first: Int, $after: String, $last: Int, $before: String) {
    actors(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ...ActorFields aliases { text } } }
    }
  }
`);

export const StatementsQuery = graphql(`
  query Statements($filter: StatementFilter, $orderBy: StatementOrder, $first: Int, $after: String, $last: Int, $before: String) {
    statements(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ...StatementFields event { id type summary } } }
    }
  }
`);

export const ArticlesQuery = graphql(`
  query Articles($filter: ArticleFilter, $orderBy: ArticleOrder, $first: Int, $after: String, $last: Int, $before: String) {
    articles(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ...ArticleFields } }
    }
  }
`);

/** An actor with the events it took part in and what it said, latest first. */
export const ActorTimelineQuery = graphql(`
  query ActorTimeline($id: ID!, $first: Int = 20, $eventsAfter: String, $statementsAfter: String) {
    node(id: $id) {
      __typename
      ... on Actor {
        ...ActorFields
        participations(first: $first, after: $eventsAfter) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { role event { ...EventFields } } }
        }
        statements(first: $first, after: $statementsAfter) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { ...StatementFields } }
        }
      }
    }
  }
`);

/** An event with its participants, the statements about it and the articles that report it. */
export const EventDetailQuery = graphql(`
  query EventDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Event {
        ...EventFields
        participants(first: 50) { totalCount edges { node { role actor { ...ActorFields } } } }
        statements(first: 50) { totalCount edges { node { ...StatementFields } } }
        reports(first: 50) {
          totalCount
          edges { node { span { start end text } sentence { text } statement { id } article { ...ArticleFields } } }
        }
      }
    }
  }
`);

export const SearchQuery = graphql(`
  query Search($query: String!, $targets: [SearchTarget!], $first: Int, $after: String) {
    search(query: $query, targets: $targets, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        score
        snippet
        node {
          __typename
          ... on Article { ...ArticleFields }
          ... on Statement { ...StatementFields }
        }
      }
    }
  }
`);

export const IngestArticleMutation = graphql(`
  mutation IngestArticle($input: IngestArticleInput!) {
    ingestArticle(input: $input) {
      __typename
      ... on MutationIngestArticleSuccess {
        data {
          status
          actorsCreated
          actorsReused
          mentions
          placesCreated
          placesReused
          statements
          events
          reports
          article { ...ArticleFields }
        }
      }
      ...MutationErrorFields
    }
  }
`);

export const DeleteArticleMutation = graphql(`
  mutation DeleteArticle($id: ID!) {
    deleteArticle(id: $id) {
      __typename
      ... on MutationDeleteArticleSuccess { data { deletedId mentions statements reports events actors } }
      ...MutationErrorFields
    }
  }
`);

export const MergeActorsMutation = graphql(`
  mutation MergeActors($input: MergeActorsInput!) {
    mergeActors(input: $input) {
      __typename
      ... on MutationMergeActorsSuccess {
        data { actor { ...ActorFields aliases { text } } moved { aliasesMoved mentionsMoved participationsMoved statementsMoved } }
      }
      ...MutationErrorFields
    }
  }
`);
