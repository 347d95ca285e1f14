export * from './stacks';
