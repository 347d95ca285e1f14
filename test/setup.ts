import { Testing } from 'cdktf';

// cdktf's matchers: toHaveResource, toHaveResourceWithProperties, toHaveDataSource ...
Testing.setupJest();
// Tests that do not test aws-cdk-lib's CloudFormation validator turn it off: it costs seconds per app.
process.env.CDK_VALIDATION = 'false';
