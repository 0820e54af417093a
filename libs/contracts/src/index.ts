export * from './lib/auth';
export * from './lib/calls';
export * from './lib/common';
export * from './lib/compliance';
export * from './lib/enums';
export * from './lib/health';
export * from './lib/recordings';
export * from './lib/users';
