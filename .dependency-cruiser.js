/**
 * Import rules the build enforces (`npm run lint:deps`, part of `npm test`) over src/, test/, bench/ and scripts/:
 * no cycles anywhere, packages declared in package.json, src/ free of devDependencies, no orphans in src/, and:
 *
 * Layers of src/, from low to high. A folder may import its own files and any folder in a LOWER layer, never one
 * in its own layer or a higher one (folders in one layer are peers that do not know each other):
 *
 *   0  util, logging, privacy, http, text,      shared pieces: helpers, the Log type, redaction, HTTP plumbing,
 *      health, telemetry, ocr                   text normalisation, readiness probes (GET /readyz), trace spans, OCR
 *   1  config                                   environment → typed settings
 *   2  content                                  dialogs/ and intents/ YAML → validated content
 *   3  nlu                                      intent model, recognizer
 *   4  knowledge                                FAQ / knowledge-base search
 *   5  storage, state                           bot stores, pub/sub, Direct Line conversation stores
 *   6  dialogs                                  the generic dialog engine, session, rendering, turn hooks
 *   7  auth, metrics                            who is signed in (OIDC, roles, the agent and admin keys' sessions);
 *                                               Prometheus metrics
 *   8  handoff, analytics                       human hand-off and agent console; analytics and admin pages
 *   9  bots                                     the ActivityHandler and its assembly
 *  10  channels                                 Direct Line emulator, Web Chat
 *  11  server                                   restify server, adapter, /api/messages
 *  12  conversationTests                        YAML conversation tests runner
 *  13  contentCheck                             content validation (uses the conversation-test loader)
 *  14  cli, src/index.ts                        entry points and the one wiring place
 *
 * src/web (the browser pages, bundled by scripts/buildWeb.js) stands apart: it takes only types from the rest of
 * src/ and nothing imports it.
 */
const LAYERS = [
  ['util', 'logging', 'privacy', 'http', 'text', 'health', 'ocr'],
  ['config'],
  ['content'],
  ['nlu'],
  ['knowledge'],
  ['storage', 'state'],
  ['dialogs'],
  ['auth', 'metrics'],
  ['handoff', 'analytics'],
  ['bots'],
  ['channels'],
  ['server'],
  ['conversationTests'],
  ['contentCheck'],
  ['cli'],
];

const folders = (group) => `^src/(${group.join('|')})/`;

const layerRules = LAYERS.map((group, index) => {
  const notAllowed = LAYERS.slice(index).flat();
  return {
    name: `layer-${group.join('-')}`,
    comment: `${group.join(', ')} may import only folders in lower layers (see the list at the top of this file)`,
    severity: 'error',
    from: { path: folders(group) },
    to: {
      path: `^src/(${notAllowed.join('|')})/|^src/index[.]ts$`,
      pathNot: `^src/\$1/`,
    },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules must not import each other, directly or through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-non-package-json',
      comment: 'Every package src/ imports is declared in package.json (dependencies).',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      comment: 'src/ runs in production: it imports no devDependency (type-only imports excepted).',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: ['node_modules/@types/'] },
    },
    {
      name: 'no-orphans',
      comment: 'Every module in src/ is imported by something (entry points excepted).',
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: ['^src/index[.]ts$', '^src/cli/', '[.]d[.]ts$', '^src/web/[^/]+/main[.]ts$', '^src/web/.+[.]css$'] },
      to: {},
    },
    {
      name: 'web-pages-take-types-only',
      comment:
        'The web pages (src/web, bundled for the browser) take only types from the server, so no server code is bundled; ' +
        'formatReport.ts (the outcome labels and percent(): plain data and a pure function) and pageLanguage.ts (the page\'s language choice) excepted. scripts/buildWeb.js checks the bundles too.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/', pathNot: ['^src/web/', '^src/analytics/formatReport[.]ts$', '^src/channels/webchat/pageLanguage[.]ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-not-to-web-pages',
      comment: 'The server does not import the web pages (they are bundled for the browser by scripts/buildWeb.js).',
      severity: 'error',
      from: { path: '^(src|test|bench|scripts)/', pathNot: '^src/web/' },
      to: { path: '^src/web/' },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
