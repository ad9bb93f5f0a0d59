/** Jest's global setup: the web pages' bundles in public/ are current before any test serves or loads them. */
'use strict';
const { buildWebIfStale } = require('./buildWeb');

module.exports = buildWebIfStale;
