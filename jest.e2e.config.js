// End-to-end tests (`npm run test:e2e`): the evidence pack opened in headless Chromium. The unit
// configuration, but only the *.e2e.test.ts files under test/e2e, which `npm test` leaves out.
const unit = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...unit,
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180000,
};
