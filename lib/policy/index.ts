export * from './catalogue';
export * from './acceptance';
