import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './common.js';
import './source.js';
import './article.js';
import './actor.js';
import './place.js';
import './event.js';
import './statement.js';
import './search.js';

export const schema = lexicographicSortSchema(builder.toSchema());
