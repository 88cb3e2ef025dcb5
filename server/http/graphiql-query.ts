/** The query GraphiQL opens on: an event, its actors, what they said, and the sentence behind each. */
export const GRAPHIQL_DEFAULT_QUERY = `# Events near Lachin in November 2021: who took part, what each said,
# and the article sentence behind every statement.
query EventsWithActorsAndStatements {
  events(first: 5, filter: { dateFrom: "2021-11-01", dateTo: "2021-11-30" }, orderBy: { field: DATE, direction: ASC }) {
    totalCount
    edges {
      node {
        id
        type
        summary
        date
        datePrecision
        status
        injuries
        place { name kind }
        participants(first: 10) {
          edges {
            node {
              role
              actor {
                name
                kind
                countryCode
                statements(first: 3) {
                  totalCount
                  edges {
                    node {
                      kind
                      cue
                      quote
                      sentence { start end text }
                      article { title publishedAt url }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
`;
