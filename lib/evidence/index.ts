export * from './types';
export * from './build';
export * from './cdk-nag';
export * from './diagram';
export * from './platforms';
export * from './markdown';
export * from './html';
export * from './write';
