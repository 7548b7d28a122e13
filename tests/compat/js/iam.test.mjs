// IAM with the AWS SDK for JavaScript v3: roles with trust policies (URL-encoded documents), inline and
// managed policies, users and access keys whose policies then bind STS and DynamoDB calls, a role assumed with
// the new key, tags, the waiters, the paginators and IAM's errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient, CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, GetRolePolicyCommand, ListRolePoliciesCommand,
  CreatePolicyCommand, GetPolicyVersionCommand, AttachRolePolicyCommand, ListAttachedRolePoliciesCommand,
  DetachRolePolicyCommand, DeleteRolePolicyCommand, DeleteRoleCommand, CreateUserCommand, GetUserCommand,
  CreateAccessKeyCommand, ListAccessKeysCommand, PutUserPolicyCommand, TagRoleCommand, UntagRoleCommand,
  ListRoleTagsCommand, TagUserCommand, ListUserTagsCommand, paginateListRoles, paginateListUsers, paginateListPolicies,
  waitUntilRoleExists, waitUntilUserExists, waitUntilPolicyExists,
} from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  DynamoDBClient, CreateTableCommand, PutItemCommand, GetItemCommand, ScanCommand, DeleteTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { startTarn } from './tarn.mjs';

const ACCOUNT = '000000000000';
const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
// Pretty-printed on purpose: IAM keeps the document as sent, and its spaces and newlines must survive the
// URL encoding of the answer.
const READ_LAKE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'ReadLake', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::lake', 'arn:aws:s3:::lake/*'] }],
}, null, 2);

let tarn;
let iam;
let config;
before(async () => {
  tarn = await startTarn();
  config = { endpoint: tarn.endpoint, region: 'us-east-1', credentials: tarn.credentials, maxAttempts: 1 };
  iam = new IAMClient(config);
});
after(async () => { assert.equal(await tarn.stop(), 0); });

// IAM answers documents URL-encoded (RFC 3986); the JS SDK hands them over as they came.
const document = (encoded) => {
  assert.match(encoded, /^%7B/, `not URL-encoded: ${encoded.slice(0, 40)}`);
  return decodeURIComponent(encoded);
};

test('CreateRole with a trust policy, the waiter, GetRole and the errors', async () => {
  const trust = JSON.stringify(TRUST, null, 4);
  const { Role: role } = await iam.send(new CreateRoleCommand({
    RoleName: 'js-etl', Path: '/service/', AssumeRolePolicyDocument: trust, Description: 'runs the ETL',
    MaxSessionDuration: 7200, Tags: [{ Key: 'team', Value: 'data' }],
  }));
  assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/service/js-etl`);
  assert.match(role.RoleId, /^AROA[A-Z0-9]+$/);
  assert.equal(role.Path, '/service/');
  assert.ok(role.CreateDate instanceof Date && Math.abs(role.CreateDate - Date.now()) < 120000);
  assert.equal(document(role.AssumeRolePolicyDocument), trust);
  assert.deepEqual(JSON.parse(document(role.AssumeRolePolicyDocument)), TRUST);
  assert.deepEqual(role.Tags, [{ Key: 'team', Value: 'data' }]);

  const waited = await waitUntilRoleExists({ client: iam, maxWaitTime: 20, minDelay: 1 }, { RoleName: 'js-etl' });
  assert.equal(waited.state, 'SUCCESS');
  const { Role: got } = await iam.send(new GetRoleCommand({ RoleName: 'js-etl' }));
  assert.equal(got.RoleId, role.RoleId);
  assert.equal(got.Description, 'runs the ETL');
  assert.equal(got.MaxSessionDuration, 7200);
  assert.equal(document(got.AssumeRolePolicyDocument), trust);
  assert.equal(got.CreateDate.getTime(), role.CreateDate.getTime());

  await assert.rejects(iam.send(new CreateRoleCommand({ RoleName: 'js-etl', AssumeRolePolicyDocument: trust })), (err) => {
    assert.equal(err.name, 'EntityAlreadyExistsException');
    assert.equal(err.$metadata.httpStatusCode, 409);
    assert.equal(err.message, 'Role with name js-etl already exists.');
    return true;
  });
  await assert.rejects(iam.send(new GetRoleCommand({ RoleName: 'js-nope' })), (err) => {
    assert.equal(err.name, 'NoSuchEntityException');
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.message, 'The role with name js-nope cannot be found.');
    return true;
  });
  await assert.rejects(iam.send(new CreateRoleCommand({ RoleName: 'js-bad', AssumeRolePolicyDocument: '{not json' })), (err) => {
    assert.equal(err.name, 'MalformedPolicyDocumentException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'This policy contains invalid Json');
    return true;
  });
  await assert.rejects(iam.send(new CreateRoleCommand({ RoleName: 'bad name!', AssumeRolePolicyDocument: trust })), (err) => {
    assert.equal(err.name, 'ValidationError');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message,
      "1 validation error detected: Value 'bad name!' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    return true;
  });
});

test('inline and managed role policies, ListRolePolicies, attachments and the delete conflicts', async () => {
  await iam.send(new CreateRoleCommand({ RoleName: 'js-reader', AssumeRolePolicyDocument: JSON.stringify(TRUST) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'js-reader', PolicyName: 'read-lake', PolicyDocument: READ_LAKE }));
  const inline = await iam.send(new GetRolePolicyCommand({ RoleName: 'js-reader', PolicyName: 'read-lake' }));
  assert.equal(inline.RoleName, 'js-reader');
  assert.equal(inline.PolicyName, 'read-lake');
  assert.equal(document(inline.PolicyDocument), READ_LAKE);
  assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'js-reader' }))).PolicyNames, ['read-lake']);
  await assert.rejects(iam.send(new GetRolePolicyCommand({ RoleName: 'js-reader', PolicyName: 'nope' })), (err) => {
    assert.equal(err.name, 'NoSuchEntityException');
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.message, 'The role policy with name nope cannot be found.');
    return true;
  });

  const { Policy: policy } = await iam.send(new CreatePolicyCommand({
    PolicyName: 'js-lake-read', PolicyDocument: READ_LAKE, Description: 'reads the lake', Tags: [{ Key: 'k', Value: 'v' }],
  }));
  assert.equal(policy.Arn, `arn:aws:iam::${ACCOUNT}:policy/js-lake-read`);
  assert.match(policy.PolicyId, /^ANPA[A-Z0-9]+$/);
  assert.equal(policy.DefaultVersionId, 'v1');
  assert.equal(policy.AttachmentCount, 0);
  const exists = await waitUntilPolicyExists({ client: iam, maxWaitTime: 20, minDelay: 1 }, { PolicyArn: policy.Arn });
  assert.equal(exists.state, 'SUCCESS');
  const { PolicyVersion: version } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: 'v1' }));
  assert.equal(version.IsDefaultVersion, true);
  assert.equal(document(version.Document), READ_LAKE);
  await assert.rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'js-lake-read', PolicyDocument: READ_LAKE })), (err) => {
    assert.equal(err.name, 'EntityAlreadyExistsException');
    assert.equal(err.$metadata.httpStatusCode, 409);
    assert.equal(err.message, 'A policy called js-lake-read already exists. Duplicate names are not allowed.');
    return true;
  });

  await iam.send(new AttachRolePolicyCommand({ RoleName: 'js-reader', PolicyArn: policy.Arn }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'js-reader', PolicyArn: 'arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess' }));
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'js-reader' }));
  assert.deepEqual(attached.AttachedPolicies.map((p) => [p.PolicyName, p.PolicyArn]).sort(), [
    ['AmazonDynamoDBReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess'],
    ['js-lake-read', policy.Arn],
  ]);
  assert.equal(attached.IsTruncated, false);
  await assert.rejects(iam.send(new AttachRolePolicyCommand({ RoleName: 'js-reader', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/missing` })), (err) => {
    assert.equal(err.name, 'NoSuchEntityException');
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.message, `Policy arn:aws:iam::${ACCOUNT}:policy/missing does not exist or is not attachable.`);
    return true;
  });
  await assert.rejects(iam.send(new DeleteRoleCommand({ RoleName: 'js-reader' })), (err) => {
    assert.equal(err.name, 'DeleteConflictException');
    assert.equal(err.$metadata.httpStatusCode, 409);
    assert.equal(err.message, 'Cannot delete entity, must detach all policies first.');
    return true;
  });
  for (const arn of [policy.Arn, 'arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess']) {
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'js-reader', PolicyArn: arn }));
  }
  await iam.send(new DeleteRolePolicyCommand({ RoleName: 'js-reader', PolicyName: 'read-lake' }));
  await iam.send(new DeleteRoleCommand({ RoleName: 'js-reader' }));

  const local = [];
  for await (const page of paginateListPolicies({ client: iam, pageSize: 1 }, { Scope: 'Local' })) {
    assert.ok(page.Policies.length <= 1);
    local.push(...page.Policies.map((p) => p.PolicyName));
  }
  assert.deepEqual(local, ['js-lake-read']);
});

test('role tags and the ListRoles paginator', async () => {
  for (const name of ['js-page-a', 'js-page-b', 'js-page-c']) {
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(TRUST) }));
  }
  await iam.send(new TagRoleCommand({ RoleName: 'js-page-a', Tags: [{ Key: 'stage', Value: 'dev' }, { Key: 'owner', Value: 'ann' }] }));
  await iam.send(new UntagRoleCommand({ RoleName: 'js-page-a', TagKeys: ['owner'] }));
  assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'js-page-a' }))).Tags, [{ Key: 'stage', Value: 'dev' }]);
  await assert.rejects(iam.send(new CreateRoleCommand({
    RoleName: 'js-page-d', AssumeRolePolicyDocument: JSON.stringify(TRUST),
    Tags: [{ Key: 'Environment', Value: 'a' }, { Key: 'environment', Value: 'b' }],
  })), (err) => {
    assert.equal(err.name, 'InvalidInputException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    return true;
  });
  const names = [];
  let pages = 0;
  for await (const page of paginateListRoles({ client: iam, pageSize: 2 }, { PathPrefix: '/' })) {
    pages++;
    assert.ok(page.Roles.length <= 2);
    for (const role of page.Roles) {
      names.push(role.RoleName);
      assert.deepEqual(JSON.parse(document(role.AssumeRolePolicyDocument)).Statement[0].Principal, { Service: 'lambda.amazonaws.com' });
    }
  }
  assert.ok(pages >= 2);
  assert.deepEqual(names.filter((n) => n.startsWith('js-page-')), ['js-page-a', 'js-page-b', 'js-page-c']);
});

test("a new user's access key: allowed calls succeed, the rest are AccessDenied", async () => {
  const ddb = new DynamoDBClient(config);
  await ddb.send(new CreateTableCommand({
    TableName: 'js-student', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  }));
  await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName: 'js-student' });
  const table = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/js-student`;

  const { User: user } = await iam.send(new CreateUserCommand({ UserName: 'js-app', Tags: [{ Key: 'project', Value: 'students' }] }));
  assert.equal(user.Arn, `arn:aws:iam::${ACCOUNT}:user/js-app`);
  assert.match(user.UserId, /^AIDA[A-Z0-9]+$/);
  assert.equal((await waitUntilUserExists({ client: iam, maxWaitTime: 20, minDelay: 1 }, { UserName: 'js-app' })).state, 'SUCCESS');
  await iam.send(new TagUserCommand({ UserName: 'js-app', Tags: [{ Key: 'env', Value: 'dev' }] }));
  assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'js-app' }))).Tags,
    [{ Key: 'project', Value: 'students' }, { Key: 'env', Value: 'dev' }]);
  await iam.send(new PutUserPolicyCommand({
    UserName: 'js-app', PolicyName: 'student-rw', PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:GetItem'], Resource: table }],
    }),
  }));
  const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: 'js-app' }));
  assert.match(key.AccessKeyId, /^AKIA[A-Z0-9]{16}$/);
  assert.equal(key.SecretAccessKey.length, 40);
  assert.equal(key.Status, 'Active');
  assert.equal(key.UserName, 'js-app');
  const listed = (await iam.send(new ListAccessKeysCommand({ UserName: 'js-app' }))).AccessKeyMetadata;
  assert.deepEqual(listed.map((k) => [k.AccessKeyId, k.Status, 'SecretAccessKey' in k]), [[key.AccessKeyId, 'Active', false]]);

  const as = { ...config, credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } };
  // A new key may take a moment to work on AWS: poll briefly.
  const sts = new STSClient(as);
  let identity;
  for (let i = 0; i < 50 && !identity; i++) {
    try {
      identity = await sts.send(new GetCallerIdentityCommand({}));
    } catch (err) {
      if (err.name !== 'InvalidClientTokenId') throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  assert.equal(identity.Arn, user.Arn);
  assert.equal(identity.UserId, user.UserId);
  assert.equal(identity.Account, ACCOUNT);

  const app = new DynamoDBClient(as);
  await app.send(new PutItemCommand({ TableName: 'js-student', Item: { id: { S: 's1' }, name: { S: 'Ann' } } }));
  assert.deepEqual((await app.send(new GetItemCommand({ TableName: 'js-student', Key: { id: { S: 's1' } } }))).Item,
    { id: { S: 's1' }, name: { S: 'Ann' } });
  for (const [command, action] of [[new ScanCommand({ TableName: 'js-student' }), 'dynamodb:Scan'],
    [new DeleteTableCommand({ TableName: 'js-student' }), 'dynamodb:DeleteTable']]) {
    await assert.rejects(app.send(command), (err) => {
      assert.equal(err.name, 'AccessDeniedException');
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.message, `User: ${user.Arn} is not authorized to perform: ${action} on resource: ${table} ` +
        `because no identity-based policy allows the ${action} action`);
      return true;
    });
  }
  await assert.rejects(new IAMClient(as).send(new GetUserCommand({ UserName: 'js-app' })), (err) => {
    assert.equal(err.name, 'AccessDenied');
    assert.equal(err.$metadata.httpStatusCode, 403);
    assert.equal(err.message, `User: ${user.Arn} is not authorized to perform: iam:GetUser on resource: ${user.Arn} ` +
      'because no identity-based policy allows the iam:GetUser action');
    return true;
  });

  // The user assumes a read-only role and works with its temporary credentials.
  const { Role: reader } = await iam.send(new CreateRoleCommand({
    RoleName: 'js-reader-role', AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: user.Arn }, Action: 'sts:AssumeRole' }],
    }),
  }));
  await iam.send(new PutRolePolicyCommand({
    RoleName: 'js-reader-role', PolicyName: 'read', PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: table }],
    }),
  }));
  await iam.send(new PutUserPolicyCommand({
    UserName: 'js-app', PolicyName: 'assume', PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: reader.Arn }],
    }),
  }));
  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: reader.Arn, RoleSessionName: 'js-session', DurationSeconds: 900 }));
  assert.match(assumed.Credentials.AccessKeyId, /^ASIA/);
  assert.ok(assumed.Credentials.SessionToken);
  assert.ok(assumed.Credentials.Expiration instanceof Date);
  assert.ok(Math.abs(assumed.Credentials.Expiration - Date.now() - 900000) < 120000, String(assumed.Credentials.Expiration));
  const session = `arn:aws:sts::${ACCOUNT}:assumed-role/js-reader-role/js-session`;
  assert.equal(assumed.AssumedRoleUser.Arn, session);
  assert.equal(assumed.AssumedRoleUser.AssumedRoleId, `${reader.RoleId}:js-session`);
  const temporary = {
    ...config,
    credentials: { accessKeyId: assumed.Credentials.AccessKeyId, secretAccessKey: assumed.Credentials.SecretAccessKey, sessionToken: assumed.Credentials.SessionToken },
  };
  assert.equal((await new STSClient(temporary).send(new GetCallerIdentityCommand({}))).Arn, session);
  const asRole = new DynamoDBClient(temporary);
  assert.deepEqual((await asRole.send(new GetItemCommand({ TableName: 'js-student', Key: { id: { S: 's1' } } }))).Item.name, { S: 'Ann' });
  await assert.rejects(asRole.send(new PutItemCommand({ TableName: 'js-student', Item: { id: { S: 's2' } } })), (err) => {
    assert.equal(err.name, 'AccessDeniedException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, `User: ${session} is not authorized to perform: dynamodb:PutItem on resource: ${table} ` +
      'because no identity-based policy allows the dynamodb:PutItem action');
    return true;
  });
  await assert.rejects(new STSClient(config).send(new AssumeRoleCommand({ RoleArn: reader.Arn, RoleSessionName: 'root' })), (err) => {
    assert.equal(err.name, 'AccessDenied');
    assert.equal(err.$metadata.httpStatusCode, 403);
    assert.equal(err.message, 'Roles may not be assumed by root accounts.');
    return true;
  });

  const users = [];
  for await (const page of paginateListUsers({ client: iam, pageSize: 1 }, {})) users.push(...page.Users.map((u) => u.UserName));
  assert.deepEqual(users, ['js-app']);
});

test('unique ids have IAM\'s form: a four-letter prefix and 17 more characters', async () => {
  // As in the IAM API reference's examples (AIDACKCEVSQ6C2EXAMPLE, AROADBQP57FF2AEXAMPLE, ANPAJ2UCCR6DPCEXAMPLE).
  const { Role: role } = await iam.send(new CreateRoleCommand({ RoleName: 'js-ids', AssumeRolePolicyDocument: JSON.stringify(TRUST) }));
  const { User: user } = await iam.send(new CreateUserCommand({ UserName: 'js-ids' }));
  const { Policy: policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'js-ids', PolicyDocument: READ_LAKE }));
  assert.deepEqual([role.RoleId, user.UserId, policy.PolicyId].map((id) => id.length), [21, 21, 21],
    [role.RoleId, user.UserId, policy.PolicyId].join(' '));
  assert.match(role.RoleId, /^AROA[A-Z0-9]{17}$/);
  assert.match(user.UserId, /^AIDA[A-Z0-9]{17}$/);
  assert.match(policy.PolicyId, /^ANPA[A-Z0-9]{17}$/);
});
