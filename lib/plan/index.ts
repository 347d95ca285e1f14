export * from './stacks';
export * from './terraform-state';
