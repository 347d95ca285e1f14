import { Testing } from 'cdktf';

// cdktf's matchers: toHaveResource, toHaveResourceWithProperties, toHaveDataSource ...
Testing.setupJest();
// Tests that do not test aws-cdk-lib's CloudFormation validator turn it off: it costs seconds per app.
process.env.CDK_VALIDATION = 'false';
// Every verdict as of one day, whatever day the suite runs on: definitions and fixtures carry real
// expiry dates (accreditations, Codes of Connection, risk acceptances), which pass in time.
process.env.PCLOUD_TODAY = '2026-11-22';
