/** GraphQL operations that several test files send. */

export const INGEST = /* GraphQL */ `
  mutation Ingest($input: IngestArticleInput!) {
    ingestArticle(input: $input) {
      __typename
      ... on MutationIngestArticleSuccess {
        data { status actorsCreated actorsReused mentions statements events reports article { id contentHash } }
      }
      ... on ValidationError { message issues { field problem } }
      ... on ConflictError { message field }
      ... on NotFoundError { message }
    }
  }
`;
