export * from './schema';
export { ContentError } from './contentError';
export { readYamlFile } from './readYaml';
