// cdktf declares its jest matchers for an older @types/jest (Matchers<R>); this declares them for
// the installed one (Matchers<R, T>).
declare namespace jest {
  interface Matchers<R, T> {
    toHaveResource(resourceConstructor: { tfResourceType: string }): R;
    toHaveResourceWithProperties(resourceConstructor: { tfResourceType: string }, properties: Record<string, unknown>): R;
    toHaveDataSource(dataSourceConstructor: { tfResourceType: string }): R;
    toHaveDataSourceWithProperties(dataSourceConstructor: { tfResourceType: string }, properties: Record<string, unknown>): R;
    toHaveProvider(providerConstructor: { tfResourceType: string }): R;
    toHaveProviderWithProperties(providerConstructor: { tfResourceType: string }, properties: Record<string, unknown>): R;
  }
}
