export * from './lib/audit-hash';
export * from './lib/checkpoint-bytes';
export * from './lib/key-id';
