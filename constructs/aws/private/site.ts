import { Stack, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { fail } from '../../../lib/errors';
import { resolveAwsSite } from '../../../lib/model/site';
import type { SiteAssurance, SiteModel } from '../../../lib/model/types';

/** The site (account and UK region) of the stack `scope` is in; fails when the stack names neither. */
export function siteOfStack(scope: Construct, assurance: SiteAssurance | undefined): SiteModel {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)) {
    fail({
      code: 'AWS_STACK_ENV_MISSING',
      path: scope.node.path,
      problem: `stack "${stack.stackName}" does not name its account and region`,
      given: `env: { account: ${Token.isUnresolved(stack.account) ? 'unset' : stack.account}, region: ${Token.isUnresolved(stack.region) ? 'unset' : stack.region} }`,
      expected: "env: { account: '<12 digits>', region: 'eu-west-2' }",
      fix: 'pcloud checks UK residency and derives names from the account, so give the stack an explicit env',
    });
  }
  return resolveAwsSite(`aws-${stack.account}-${stack.region}`, {
    account: stack.account,
    region: stack.region,
    ...(assurance ? { assurance } : {}),
  });
}
