// End-to-end tests (`npm run test:e2e`): the evidence pack opened in headless Chromium. Like
// jest.config.js, but only the *.e2e.test.ts files under test/e2e, which `npm test` leaves out.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  transform: {
    // Transpile only (isolatedModules in tsconfig.jest.json): `npm test` type-checks the whole tree with tsc first.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^pcloud$': '<rootDir>/index.ts',
    '^pcloud/(aws|azure|vsphere)$': '<rootDir>/constructs/$1/index.ts',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 180000,
};
