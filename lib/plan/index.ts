export * from './stacks';
export * from './terraform-state';
export * from './limits';
