/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  transform: {
    // Transpile only (isolatedModules in tsconfig.jest.json): `npm test` type-checks the whole tree with tsc first.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^pcloud$': '<rootDir>/index.ts',
    '^pcloud/(aws|azure|vsphere)$': '<rootDir>/constructs/$1/index.ts',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 120000,
  // Both cores: jest's default on two cores is one worker, and most suites wait on synthesis, not on each other.
  maxWorkers: 2,
};
