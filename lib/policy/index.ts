export * from './catalogue';
export * from './acceptance';
export * from './types';
export * from './outputs';
export * from './evaluate';
export { RULES } from './rules';
export * from './findings-error';
export * from './docs';
