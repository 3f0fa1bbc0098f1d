export * from './dynamo-flush-state-store.ts';
export * from './flush-state-store.ts';
export * from './json-flush-state-store.ts';
