export * from './aws';
export * from './azure';
export * from './vsphere';
export * from './fit';
