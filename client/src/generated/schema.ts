export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar day, YYYY-MM-DD (UTC). */
  Date: { input: string; output: string; }
  /** An instant, as an ISO 8601 string in UTC. */
  DateTime: { input: string; output: string; }
};

/** Something that acts or speaks: a state, a ministry, an armed force, a person... */
export type Actor = Node & {
  __typename?: 'Actor';
  /** The forms later articles are matched by, in order: the first 20 unless `first` says otherwise (at most 100). */
  aliases: Array<ActorAlias>;
  /** The actors directly under this one, by name: the first 20 unless `first` says otherwise (at most 100; the `parent` filter of `actors` pages through all). */
  children: Array<Actor>;
  /** ISO 3166-1 alpha-3. */
  countryCode: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  kind: ActorKind;
  mentions: ActorMentionsConnection;
  name: Scalars['String']['output'];
  parent: Maybe<Actor>;
  /** The events this actor takes part in, with its role. */
  participations: ActorParticipationsConnection;
  /** What this actor said, latest first. */
  statements: ActorStatementsConnection;
  /** Title or role of a person. */
  title: Maybe<Scalars['String']['output']>;
};


/** Something that acts or speaks: a state, a ministry, an armed force, a person... */
export type ActorAliasesArgs = {
  first?: Scalars['Int']['input'];
};


/** Something that acts or speaks: a state, a ministry, an armed force, a person... */
export type ActorChildrenArgs = {
  first?: Scalars['Int']['input'];
};


/** Something that acts or speaks: a state, a ministry, an armed force, a person... */
export type ActorMentionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Something that acts or speaks: a state, a ministry, an armed force, a person... */
export type ActorParticipationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  role?: InputMaybe<ParticipantRole>;
};


/** Something that acts or speaks: a state, a ministry, an armed force, a person... */
export type ActorStatementsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type ActorAlias = {
  __typename?: 'ActorAlias';
  /** The form that matching compares. */
  normalized: Scalars['String']['output'];
  text: Scalars['String']['output'];
};

export type ActorFilter = {
  countryCode?: InputMaybe<Scalars['String']['input']>;
  kinds?: InputMaybe<Array<ActorKind>>;
  /** Direct children of this actor. */
  parent?: InputMaybe<Scalars['ID']['input']>;
  /** Part of the name or of any alias, case-insensitive. */
  search?: InputMaybe<Scalars['String']['input']>;
};

/** An actor of the article. An existing actor with a matching alias and the same kind is reused. */
export type ActorInput = {
  aliases?: InputMaybe<Array<Scalars['String']['input']>>;
  countryCode?: InputMaybe<Scalars['String']['input']>;
  kind: ActorKind;
  mentions?: InputMaybe<Array<SpanInput>>;
  name: Scalars['String']['input'];
  parentRef?: InputMaybe<Scalars['String']['input']>;
  /** Name of this actor inside the input, for the other items to point at. */
  ref: Scalars['String']['input'];
  title?: InputMaybe<Scalars['String']['input']>;
};

export type ActorKind =
  | 'ARMED_GROUP'
  | 'GOVERNMENT'
  | 'MEDIA'
  | 'MILITARY'
  | 'ORGANIZATION'
  | 'OTHER'
  | 'PERSON'
  | 'STATE';

/** One occurrence of an actor in an article. */
export type ActorMention = {
  __typename?: 'ActorMention';
  actor: Actor;
  article: Article;
  span: Span;
};

export type ActorMentionsConnection = {
  __typename?: 'ActorMentionsConnection';
  edges: Array<ActorMentionsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ActorMentionsConnectionEdge = {
  __typename?: 'ActorMentionsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: ActorMention;
};

export type ActorOrder = {
  direction?: InputMaybe<SortDirection>;
  field: ActorOrderField;
};

export type ActorOrderField =
  | 'CREATED_AT'
  | 'NAME';

export type ActorParticipationsConnection = {
  __typename?: 'ActorParticipationsConnection';
  edges: Array<ActorParticipationsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ActorParticipationsConnectionEdge = {
  __typename?: 'ActorParticipationsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: EventParticipant;
};

export type ActorStatementsConnection = {
  __typename?: 'ActorStatementsConnection';
  edges: Array<ActorStatementsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ActorStatementsConnectionEdge = {
  __typename?: 'ActorStatementsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Statement;
};

/** One news text, and everything derived from it. */
export type Article = Node & {
  __typename?: 'Article';
  /** The exact text ingested; every span points into it. */
  body: Scalars['String']['output'];
  /** sha256 of the body. */
  contentHash: Scalars['String']['output'];
  dateline: Maybe<Scalars['String']['output']>;
  extractorVersion: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  ingestedAt: Scalars['DateTime']['output'];
  language: Scalars['String']['output'];
  mentions: ArticleMentionsConnection;
  publishedAt: Maybe<Scalars['Date']['output']>;
  /** The events this article reports, each with its span. */
  reports: ArticleReportsConnection;
  source: Maybe<Source>;
  statements: ArticleStatementsConnection;
  title: Maybe<Scalars['String']['output']>;
  url: Maybe<Scalars['String']['output']>;
};


/** One news text, and everything derived from it. */
export type ArticleMentionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** One news text, and everything derived from it. */
export type ArticleReportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** One news text, and everything derived from it. */
export type ArticleStatementsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type ArticleFilter = {
  publishedFrom?: InputMaybe<Scalars['Date']['input']>;
  publishedTo?: InputMaybe<Scalars['Date']['input']>;
  /** Full-text search over titles and bodies: only matching articles. */
  search?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<Scalars['ID']['input']>;
};

export type ArticleMentionsConnection = {
  __typename?: 'ArticleMentionsConnection';
  edges: Array<ArticleMentionsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ArticleMentionsConnectionEdge = {
  __typename?: 'ArticleMentionsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: ActorMention;
};

export type ArticleOrder = {
  direction?: InputMaybe<SortDirection>;
  field: ArticleOrderField;
};

export type ArticleOrderField =
  | 'INGESTED_AT'
  | 'PUBLISHED_AT';

export type ArticleReportsConnection = {
  __typename?: 'ArticleReportsConnection';
  edges: Array<ArticleReportsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ArticleReportsConnectionEdge = {
  __typename?: 'ArticleReportsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: EventReport;
};

export type ArticleStatementsConnection = {
  __typename?: 'ArticleStatementsConnection';
  edges: Array<ArticleStatementsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ArticleStatementsConnectionEdge = {
  __typename?: 'ArticleStatementsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Statement;
};

export type ConflictError = Error & {
  __typename?: 'ConflictError';
  field: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

export type DatePrecision =
  | 'DAY'
  | 'MONTH'
  | 'UNKNOWN'
  | 'YEAR';

/** What the deletion removed. */
export type DeleteArticlePayload = {
  __typename?: 'DeleteArticlePayload';
  /** Actors that nothing else referred to. */
  actors: Scalars['Int']['output'];
  deletedId: Scalars['ID']['output'];
  /** Events that no other article reported. */
  events: Scalars['Int']['output'];
  mentions: Scalars['Int']['output'];
  reports: Scalars['Int']['output'];
  statements: Scalars['Int']['output'];
};

/** An expected failure, returned in the result union of a mutation. */
export type Error = {
  message: Scalars['String']['output'];
};

/** Something that happened, as reported. One real-world event is one Event with a report per article. */
export type Event = Node & {
  __typename?: 'Event';
  confidence: Scalars['Float']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The day, or the first day of the month or year that datePrecision names. */
  date: Maybe<Scalars['Date']['output']>;
  datePrecision: DatePrecision;
  fatalities: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  injuries: Maybe<Scalars['Int']['output']>;
  participants: EventParticipantsConnection;
  place: Maybe<Place>;
  reports: EventReportsConnection;
  statements: EventStatementsConnection;
  status: EventStatus;
  summary: Scalars['String']['output'];
  type: EventType;
};


/** Something that happened, as reported. One real-world event is one Event with a report per article. */
export type EventParticipantsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  role?: InputMaybe<ParticipantRole>;
};


/** Something that happened, as reported. One real-world event is one Event with a report per article. */
export type EventReportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Something that happened, as reported. One real-world event is one Event with a report per article. */
export type EventStatementsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type EventFilter = {
  /** Events in which this actor takes part. */
  actor?: InputMaybe<Scalars['ID']['input']>;
  /** Events reported by this article. */
  article?: InputMaybe<Scalars['ID']['input']>;
  /** Events with a participant, or a place, of this country (ISO alpha-3). */
  countryCode?: InputMaybe<Scalars['String']['input']>;
  /** Events on or after this day. */
  dateFrom?: InputMaybe<Scalars['Date']['input']>;
  /** Events on or before this day. */
  dateTo?: InputMaybe<Scalars['Date']['input']>;
  /** Events at this place or inside it (one level down). */
  place?: InputMaybe<Scalars['ID']['input']>;
  /** With actor: only in this role. */
  role?: InputMaybe<ParticipantRole>;
  statuses?: InputMaybe<Array<EventStatus>>;
  types?: InputMaybe<Array<EventType>>;
};

export type EventInput = {
  confidence?: InputMaybe<Scalars['Float']['input']>;
  date?: InputMaybe<Scalars['Date']['input']>;
  datePrecision?: InputMaybe<DatePrecision>;
  fatalities?: InputMaybe<Scalars['Int']['input']>;
  injuries?: InputMaybe<Scalars['Int']['input']>;
  participants?: InputMaybe<Array<ParticipantInput>>;
  placeRef?: InputMaybe<Scalars['String']['input']>;
  ref?: InputMaybe<Scalars['String']['input']>;
  reports?: InputMaybe<Array<ReportInput>>;
  status?: InputMaybe<EventStatus>;
  summary: Scalars['String']['input'];
  type: EventType;
};

export type EventOrder = {
  direction?: InputMaybe<SortDirection>;
  field: EventOrderField;
};

export type EventOrderField =
  | 'CREATED_AT'
  | 'DATE';

/** An actor taking part in an event, in a role. */
export type EventParticipant = {
  __typename?: 'EventParticipant';
  actor: Actor;
  event: Event;
  role: ParticipantRole;
};

export type EventParticipantsConnection = {
  __typename?: 'EventParticipantsConnection';
  edges: Array<EventParticipantsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type EventParticipantsConnectionEdge = {
  __typename?: 'EventParticipantsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: EventParticipant;
};

/** The evidence for an event: where an article reports it, and the statement carrying the claim, if any. */
export type EventReport = {
  __typename?: 'EventReport';
  article: Article;
  event: Event;
  /** The whole sentence around the span. */
  sentence: Span;
  span: Span;
  statement: Maybe<Statement>;
};

export type EventReportsConnection = {
  __typename?: 'EventReportsConnection';
  edges: Array<EventReportsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type EventReportsConnectionEdge = {
  __typename?: 'EventReportsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: EventReport;
};

export type EventStatementsConnection = {
  __typename?: 'EventStatementsConnection';
  edges: Array<EventStatementsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type EventStatementsConnectionEdge = {
  __typename?: 'EventStatementsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Statement;
};

/** REPORTED: the narrator states it; ALLEGED: a party claims it; DENIED: a party denies it. */
export type EventStatus =
  | 'ALLEGED'
  | 'DENIED'
  | 'REPORTED';

/** PLOVER event types, plus OTHER. */
export type EventType =
  | 'ACCUSE'
  | 'AGREE'
  | 'AID'
  | 'ASSAULT'
  | 'COERCE'
  | 'CONCEDE'
  | 'CONSULT'
  | 'COOPERATE'
  | 'MOBILIZE'
  | 'OTHER'
  | 'PROTEST'
  | 'REJECT'
  | 'REQUEST'
  | 'RETREAT'
  | 'SANCTION'
  | 'SUPPORT'
  | 'THREATEN';

export type FieldIssue = {
  __typename?: 'FieldIssue';
  /** Path of the input field, e.g. input.statements[2].start. */
  field: Scalars['String']['output'];
  problem: Scalars['String']['output'];
};

/** The API key lacks the scope the operation needs. */
export type ForbiddenError = Error & {
  __typename?: 'ForbiddenError';
  message: Scalars['String']['output'];
  /** read, write or admin. */
  requiredScope: Scalars['String']['output'];
};

/** An article to store. Either `text`, the raw article, from which actors, statements and events are extracted; or `body` with its actors, places, statements and events given explicitly. */
export type IngestArticleInput = {
  actors?: InputMaybe<Array<ActorInput>>;
  /** The exact body, for structured input; every span points into it. */
  body?: InputMaybe<Scalars['String']['input']>;
  dateline?: InputMaybe<Scalars['String']['input']>;
  events?: InputMaybe<Array<EventInput>>;
  language?: InputMaybe<Scalars['String']['input']>;
  places?: InputMaybe<Array<PlaceInput>>;
  /** Wins over a date line in `text`. */
  publishedAt?: InputMaybe<Scalars['Date']['input']>;
  source?: InputMaybe<SourceInput>;
  statements?: InputMaybe<Array<StatementInput>>;
  /** The raw article: an optional ` date YYYY-MM-DD` line, title line and dateline, then the body. Extracted automatically. */
  text?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
  url?: InputMaybe<Scalars['String']['input']>;
};

export type IngestArticlePayload = {
  __typename?: 'IngestArticlePayload';
  actorsCreated: Scalars['Int']['output'];
  actorsReused: Scalars['Int']['output'];
  article: Article;
  events: Scalars['Int']['output'];
  /** Events other articles had already reported, which got this article as a further report. */
  eventsMerged: Scalars['Int']['output'];
  mentions: Scalars['Int']['output'];
  placesCreated: Scalars['Int']['output'];
  placesReused: Scalars['Int']['output'];
  reports: Scalars['Int']['output'];
  statements: Scalars['Int']['output'];
  status: IngestStatus;
};

export type IngestStatus =
  /** An article with the same body was already stored; nothing was written. */
  | 'ALREADY_EXISTS'
  /** The article and everything in the input were written. */
  | 'CREATED';

/** The request is over one of the server's limits. */
export type LimitExceededError = Error & {
  __typename?: 'LimitExceededError';
  actual: Maybe<Scalars['Int']['output']>;
  /** Which limit, e.g. articleSize. */
  limit: Scalars['String']['output'];
  maximum: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

export type MergeActorsInput = {
  /** The actor that stays. */
  keep: Scalars['ID']['input'];
  /** The actors merged into it; their ids keep resolving to it. */
  merge: Array<Scalars['ID']['input']>;
};

/** What moved to the kept actor. */
export type MergeActorsMoved = {
  __typename?: 'MergeActorsMoved';
  aliasesMoved: Scalars['Int']['output'];
  mentionsMoved: Scalars['Int']['output'];
  participationsMoved: Scalars['Int']['output'];
  statementsMoved: Scalars['Int']['output'];
};

export type MergeActorsResult = {
  __typename?: 'MergeActorsResult';
  actor: Actor;
  moved: MergeActorsMoved;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Deletes an article and whatever was derived only from it. */
  deleteArticle: MutationDeleteArticleResult;
  /** Stores an article with what is derived from it, in one transaction. Idempotent by body. */
  ingestArticle: MutationIngestArticleResult;
  mergeActors: MutationMergeActorsResult;
  /** Corrects an actor: name, kind, country, title, parent, aliases. */
  updateActor: MutationUpdateActorResult;
  /** Corrects a statement (speaker, kind, cue, event). Marks it corrected, so re-extraction keeps it. */
  updateStatement: MutationUpdateStatementResult;
};


export type MutationDeleteArticleArgs = {
  id: Scalars['ID']['input'];
};


export type MutationIngestArticleArgs = {
  input: IngestArticleInput;
};


export type MutationMergeActorsArgs = {
  input: MergeActorsInput;
};


export type MutationUpdateActorArgs = {
  input: UpdateActorInput;
};


export type MutationUpdateStatementArgs = {
  input: UpdateStatementInput;
};

export type MutationDeleteArticleResult = ConflictError | ForbiddenError | LimitExceededError | MutationDeleteArticleSuccess | NotFoundError | UnauthorizedError | ValidationError;

export type MutationDeleteArticleSuccess = {
  __typename?: 'MutationDeleteArticleSuccess';
  data: DeleteArticlePayload;
};

export type MutationIngestArticleResult = ConflictError | ForbiddenError | LimitExceededError | MutationIngestArticleSuccess | NotFoundError | UnauthorizedError | ValidationError;

export type MutationIngestArticleSuccess = {
  __typename?: 'MutationIngestArticleSuccess';
  data: IngestArticlePayload;
};

export type MutationMergeActorsResult = ConflictError | ForbiddenError | LimitExceededError | MutationMergeActorsSuccess | NotFoundError | UnauthorizedError | ValidationError;

export type MutationMergeActorsSuccess = {
  __typename?: 'MutationMergeActorsSuccess';
  data: MergeActorsResult;
};

export type MutationUpdateActorResult = ConflictError | ForbiddenError | LimitExceededError | MutationUpdateActorSuccess | NotFoundError | UnauthorizedError | ValidationError;

export type MutationUpdateActorSuccess = {
  __typename?: 'MutationUpdateActorSuccess';
  data: Actor;
};

export type MutationUpdateStatementResult = ConflictError | ForbiddenError | LimitExceededError | MutationUpdateStatementSuccess | NotFoundError | UnauthorizedError | ValidationError;

export type MutationUpdateStatementSuccess = {
  __typename?: 'MutationUpdateStatementSuccess';
  data: Statement;
};

export type Node = {
  id: Scalars['ID']['output'];
};

export type NotFoundError = Error & {
  __typename?: 'NotFoundError';
  entity: Scalars['String']['output'];
  field: Maybe<Scalars['String']['output']>;
  id: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

export type ParticipantInput = {
  actorRef: Scalars['String']['input'];
  role: ParticipantRole;
};

/** SOURCE does it, TARGET has it done to it. */
export type ParticipantRole =
  | 'OTHER'
  | 'SOURCE'
  | 'TARGET';

export type Place = Node & {
  __typename?: 'Place';
  /** Other names of the place, in order: the first 20 unless `first` says otherwise (at most 100). */
  aliases: Array<Scalars['String']['output']>;
  countryCode: Maybe<Scalars['String']['output']>;
  events: PlaceEventsConnection;
  id: Scalars['ID']['output'];
  kind: PlaceKind;
  latitude: Maybe<Scalars['Float']['output']>;
  longitude: Maybe<Scalars['Float']['output']>;
  name: Scalars['String']['output'];
  parent: Maybe<Place>;
};


export type PlaceAliasesArgs = {
  first?: Scalars['Int']['input'];
};


export type PlaceEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type PlaceEventsConnection = {
  __typename?: 'PlaceEventsConnection';
  edges: Array<PlaceEventsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type PlaceEventsConnectionEdge = {
  __typename?: 'PlaceEventsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Event;
};

export type PlaceFilter = {
  countryCode?: InputMaybe<Scalars['String']['input']>;
  kinds?: InputMaybe<Array<PlaceKind>>;
  /** Part of the name or of any alias (Kelbajar, Kalbajar), case-insensitive. */
  search?: InputMaybe<Scalars['String']['input']>;
};

export type PlaceInput = {
  aliases?: InputMaybe<Array<Scalars['String']['input']>>;
  countryCode?: InputMaybe<Scalars['String']['input']>;
  kind: PlaceKind;
  latitude?: InputMaybe<Scalars['Float']['input']>;
  longitude?: InputMaybe<Scalars['Float']['input']>;
  name: Scalars['String']['input'];
  parentRef?: InputMaybe<Scalars['String']['input']>;
  ref: Scalars['String']['input'];
};

export type PlaceKind =
  | 'CITY'
  | 'COUNTRY'
  | 'DISTRICT'
  | 'OTHER'
  | 'REGION'
  | 'SITE';

export type Query = {
  __typename?: 'Query';
  /** Actors, by name unless ordered otherwise. */
  actors: QueryActorsConnection;
  /** Articles, latest published first unless ordered otherwise. An unknown date counts as the earliest. */
  articles: QueryArticlesConnection;
  /** Events, newest first unless ordered otherwise. An unknown date counts as the earliest. */
  events: QueryEventsConnection;
  node: Maybe<Node>;
  nodes: Array<Maybe<Node>>;
  /** Places, by name. */
  places: QueryPlacesConnection;
  /** Full-text search over article titles and bodies and statement quotes, best match first. */
  search: SearchConnection;
  sources: QuerySourcesConnection;
  /** Statements, latest first unless ordered otherwise. */
  statements: QueryStatementsConnection;
};


export type QueryActorsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ActorFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<ActorOrder>;
};


export type QueryArticlesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ArticleFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<ArticleOrder>;
};


export type QueryEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<EventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<EventOrder>;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type QueryPlacesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PlaceFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySearchArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  query: Scalars['String']['input'];
  targets?: InputMaybe<Array<SearchTarget>>;
};


export type QuerySourcesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryStatementsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<StatementFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<StatementOrder>;
};

export type QueryActorsConnection = {
  __typename?: 'QueryActorsConnection';
  edges: Array<QueryActorsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type QueryActorsConnectionEdge = {
  __typename?: 'QueryActorsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Actor;
};

export type QueryArticlesConnection = {
  __typename?: 'QueryArticlesConnection';
  edges: Array<QueryArticlesConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type QueryArticlesConnectionEdge = {
  __typename?: 'QueryArticlesConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Article;
};

export type QueryEventsConnection = {
  __typename?: 'QueryEventsConnection';
  edges: Array<QueryEventsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type QueryEventsConnectionEdge = {
  __typename?: 'QueryEventsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Event;
};

export type QueryPlacesConnection = {
  __typename?: 'QueryPlacesConnection';
  edges: Array<QueryPlacesConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type QueryPlacesConnectionEdge = {
  __typename?: 'QueryPlacesConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Place;
};

export type QuerySourcesConnection = {
  __typename?: 'QuerySourcesConnection';
  edges: Array<QuerySourcesConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type QuerySourcesConnectionEdge = {
  __typename?: 'QuerySourcesConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Source;
};

export type QueryStatementsConnection = {
  __typename?: 'QueryStatementsConnection';
  edges: Array<QueryStatementsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type QueryStatementsConnectionEdge = {
  __typename?: 'QueryStatementsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Statement;
};

export type ReportInput = {
  end: Scalars['Int']['input'];
  start: Scalars['Int']['input'];
  statementRef?: InputMaybe<Scalars['String']['input']>;
  text?: InputMaybe<Scalars['String']['input']>;
};

export type SearchConnection = {
  __typename?: 'SearchConnection';
  edges: Array<SearchEdge>;
  pageInfo: PageInfo;
  /** How many items match, over all pages. */
  totalCount: Scalars['Int']['output'];
};

/** One ranked match, with the matching words marked «like this» in the snippet. */
export type SearchEdge = {
  __typename?: 'SearchEdge';
  cursor: Scalars['String']['output'];
  node: SearchResult;
  /** Higher is better: bm25 on SQLite, ts_rank_cd on PostgreSQL. */
  score: Scalars['Float']['output'];
  snippet: Scalars['String']['output'];
};

export type SearchResult = Article | Statement;

export type SearchTarget =
  | 'ARTICLE'
  | 'STATEMENT';

export type SortDirection =
  | 'ASC'
  | 'DESC';

/** A news outlet. */
export type Source = Node & {
  __typename?: 'Source';
  articles: SourceArticlesConnection;
  domain: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};


/** A news outlet. */
export type SourceArticlesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type SourceArticlesConnection = {
  __typename?: 'SourceArticlesConnection';
  edges: Array<SourceArticlesConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type SourceArticlesConnectionEdge = {
  __typename?: 'SourceArticlesConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Article;
};

export type SourceInput = {
  domain?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
};

/** A stretch of an article body: body.slice(start, end) === text. */
export type Span = {
  __typename?: 'Span';
  end: Scalars['Int']['output'];
  start: Scalars['Int']['output'];
  text: Scalars['String']['output'];
};

export type SpanInput = {
  end: Scalars['Int']['input'];
  start: Scalars['Int']['input'];
  /** When given, must equal body.slice(start, end). */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** What someone said: a quotation or a reported claim, with the sentence that carries it. */
export type Statement = Node & {
  __typename?: 'Statement';
  article: Article;
  confidence: Scalars['Float']['output'];
  /** When a user corrected it; re-extraction keeps corrected statements. */
  correctedAt: Maybe<Scalars['DateTime']['output']>;
  /** The reporting verb: said, added, accused... */
  cue: Maybe<Scalars['String']['output']>;
  event: Maybe<Event>;
  id: Scalars['ID']['output'];
  kind: StatementKind;
  /** The exact words, as in the article. */
  quote: Scalars['String']['output'];
  reports: StatementReportsConnection;
  /** The sentence of the article that holds the statement. */
  sentence: Span;
  span: Span;
  /** Null when the text does not say who spoke. */
  speaker: Maybe<Actor>;
};


/** What someone said: a quotation or a reported claim, with the sentence that carries it. */
export type StatementReportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type StatementFilter = {
  article?: InputMaybe<Scalars['ID']['input']>;
  event?: InputMaybe<Scalars['ID']['input']>;
  /** false: only statements whose speaker the text does not name. */
  hasSpeaker?: InputMaybe<Scalars['Boolean']['input']>;
  kinds?: InputMaybe<Array<StatementKind>>;
  /** Full-text search over quotes: only matching statements. */
  search?: InputMaybe<Scalars['String']['input']>;
  speaker?: InputMaybe<Scalars['ID']['input']>;
};

export type StatementInput = {
  confidence?: InputMaybe<Scalars['Float']['input']>;
  cue?: InputMaybe<Scalars['String']['input']>;
  end: Scalars['Int']['input'];
  eventRef?: InputMaybe<Scalars['String']['input']>;
  kind: StatementKind;
  /** Must equal body.slice(start, end). */
  quote: Scalars['String']['input'];
  ref?: InputMaybe<Scalars['String']['input']>;
  /** Null when the text does not say who spoke. */
  speakerRef?: InputMaybe<Scalars['String']['input']>;
  start: Scalars['Int']['input'];
};

/** DIRECT when quoted, INDIRECT when reported, MIXED when both. */
export type StatementKind =
  | 'DIRECT'
  | 'INDIRECT'
  | 'MIXED';

export type StatementOrder = {
  direction?: InputMaybe<SortDirection>;
  field: StatementOrderField;
};

export type StatementOrderField =
  /** Order of ingestion. */
  | 'CREATED_AT'
  /** Article, then place in the article. */
  | 'POSITION';

export type StatementReportsConnection = {
  __typename?: 'StatementReportsConnection';
  edges: Array<StatementReportsConnectionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type StatementReportsConnectionEdge = {
  __typename?: 'StatementReportsConnectionEdge';
  cursor: Scalars['String']['output'];
  node: EventReport;
};

/** No valid API key was sent, and the operation needs one. */
export type UnauthorizedError = Error & {
  __typename?: 'UnauthorizedError';
  message: Scalars['String']['output'];
};

/** A correction: only the fields given change. Re-extraction never undoes it. */
export type UpdateActorInput = {
  /** More surface forms that later articles are matched by. */
  addAliases?: InputMaybe<Array<Scalars['String']['input']>>;
  countryCode?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  kind?: InputMaybe<ActorKind>;
  name?: InputMaybe<Scalars['String']['input']>;
  parent?: InputMaybe<Scalars['ID']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

/** A correction: only the fields given change. Re-extraction keeps a corrected statement. */
export type UpdateStatementInput = {
  /** true: the text does not say who said it. */
  clearSpeaker?: InputMaybe<Scalars['Boolean']['input']>;
  cue?: InputMaybe<Scalars['String']['input']>;
  event?: InputMaybe<Scalars['ID']['input']>;
  id: Scalars['ID']['input'];
  kind?: InputMaybe<StatementKind>;
  /** The actor who said it. */
  speaker?: InputMaybe<Scalars['ID']['input']>;
};

export type ValidationError = Error & {
  __typename?: 'ValidationError';
  issues: Array<FieldIssue>;
  message: Scalars['String']['output'];
};
