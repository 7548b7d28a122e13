// Lambda with the AWS SDK for JavaScript v3: Node.js functions created from a zip Buffer and really invoked
// (JSON payloads, FunctionError, LogType Tail), code/configuration updates, versions and aliases, the
// ListFunctions paginator, the waiters, resource policies, an event source mapping from a DynamoDB stream, the
// execution role's credentials, the runtime's own AWS SDK for JavaScript v3 inside a handler, and Lambda's errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deflateRawSync, crc32 } from 'node:zlib';
import {
  LambdaClient, CreateFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand,
  UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand, PublishVersionCommand, CreateAliasCommand,
  GetAliasCommand, ListAliasesCommand, AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand,
  DeleteFunctionCommand, CreateEventSourceMappingCommand, GetEventSourceMappingCommand, DeleteEventSourceMappingCommand,
  paginateListEventSourceMappings, paginateListFunctions, paginateListVersionsByFunction, waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2, waitUntilFunctionExists,
} from '@aws-sdk/client-lambda';
import { IAMClient, CreateRoleCommand, AttachRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  DynamoDBClient, CreateTableCommand, GetItemCommand, PutItemCommand, UpdateItemCommand, waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { startTarn } from './tarn.mjs';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';

// A zip archive (deflated entries, Unix mode 0644) of { name: text }.
function makeZip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, packed);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const handler = (release) => `
export const echo = async (event, context) => {
  console.log('echo got', JSON.stringify(event));
  return { release: ${JSON.stringify(release)}, event, function: context.functionName,
           version: process.env.AWS_LAMBDA_FUNCTION_VERSION, color: process.env.COLOR ?? null,
           requestId: context.awsRequestId, invoked: context.invokedFunctionArn };
};
export const fail = async (event) => { throw new TypeError('bad input: ' + event.why); };
`;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('base64');
const json = (value) => new TextEncoder().encode(JSON.stringify(value));
const decode = (bytes) => JSON.parse(new TextDecoder().decode(bytes));

let tarn;
let lambda;
let role;
let bareRole;
let config;
before(async () => {
  tarn = await startTarn();
  config = { endpoint: tarn.endpoint, region: 'us-east-1', credentials: tarn.credentials, maxAttempts: 1 };
  lambda = new LambdaClient(config);
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  const iam = new IAMClient(config);
  role = (await iam.send(new CreateRoleCommand({
    RoleName: 'js-lambda-role', AssumeRolePolicyDocument: JSON.stringify(trust),
  }))).Role.Arn;
  // What the functions below need on AWS: logs, reading a DynamoDB stream, one PutItem.
  for (const name of ['AWSLambdaBasicExecutionRole', 'AWSLambdaDynamoDBExecutionRole']) {
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'js-lambda-role', PolicyArn: `arn:aws:iam::aws:policy/service-role/${name}` }));
  }
  await iam.send(new PutRolePolicyCommand({
    RoleName: 'js-lambda-role', PolicyName: 'put-item', PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/js-from-lambda' }],
    }),
  }));
  bareRole = (await iam.send(new CreateRoleCommand({
    RoleName: 'js-bare-role', AssumeRolePolicyDocument: JSON.stringify(trust),
  }))).Role.Arn;
});
after(async () => { assert.equal(await tarn.stop(), 0); });

const create = (name, zip, extra = {}) => lambda.send(new CreateFunctionCommand({
  FunctionName: name, Runtime: 'nodejs20.x', Role: role, Handler: 'index.echo', Code: { ZipFile: zip }, ...extra,
}));

test('CreateFunction from a zip Buffer, the waiter, GetFunction and its errors', async () => {
  const zip = makeZip({ 'index.mjs': handler('one') });
  const made = await create('js-life', zip, {
    Description: 'js', Timeout: 7, MemorySize: 256, Environment: { Variables: { COLOR: 'blue' } }, Tags: { team: 'data' },
  });
  assert.equal(made.$metadata.httpStatusCode, 201);
  assert.equal(made.FunctionArn, `${ARN}js-life`);
  assert.equal(made.CodeSha256, sha256(zip));
  assert.equal(made.CodeSize, zip.length);
  assert.equal(made.Version, '$LATEST');
  assert.equal(made.Runtime, 'nodejs20.x');
  assert.equal(made.Handler, 'index.echo');
  assert.equal(made.Role, role);
  assert.deepEqual(made.Environment, { Variables: { COLOR: 'blue' } });
  assert.equal(made.State, 'Pending');
  const waited = await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'js-life' });
  assert.equal(waited.state, 'SUCCESS');

  const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'js-life' }));
  assert.equal(got.Configuration.State, 'Active');
  assert.equal(got.Configuration.LastUpdateStatus, 'Successful');
  assert.equal(got.Configuration.Timeout, 7);
  assert.equal(got.Configuration.MemorySize, 256);
  assert.equal(got.Configuration.Description, 'js');
  assert.deepEqual(got.Tags, { team: 'data' });
  assert.equal(got.Code.RepositoryType, 'S3');
  const byArn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `${ARN}js-life` }));
  assert.equal(byArn.FunctionName, 'js-life');
  assert.equal(byArn.CodeSha256, made.CodeSha256);

  await assert.rejects(create('js-life', zip), (err) => {
    assert.equal(err.name, 'ResourceConflictException');
    assert.equal(err.$metadata.httpStatusCode, 409);
    assert.equal(err.message, 'Function already exist: js-life');
    assert.equal(err.Type, 'User');
    return true;
  });
  await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: 'js-nope' })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.message, `Function not found: ${ARN}js-nope`);
    return true;
  });
  await assert.rejects(create('js-slow', zip, { Timeout: 901 }), (err) => {
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message,
      "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900");
    return true;
  });
  await assert.rejects(create('js-badzip', Buffer.from('not a zip')), (err) => {
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'Could not unzip uploaded file. Please check your file, then try to upload again.');
    return true;
  });
  const exists = await waitUntilFunctionExists({ client: lambda, maxWaitTime: 5, minDelay: 1 }, { FunctionName: 'js-life' });
  assert.equal(exists.state, 'SUCCESS');
});

test('Invoke: JSON payload round trip, LogType Tail, FunctionError, Event and DryRun', async () => {
  await create('js-echo', makeZip({ 'index.mjs': handler('one') }), { Environment: { Variables: { COLOR: 'green' } } });
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'js-echo' });
  const out = await lambda.send(new InvokeCommand({
    FunctionName: 'js-echo', Payload: json({ hello: 'wörld', n: [1, 2.5], nested: { ok: true } }), LogType: 'Tail',
  }));
  assert.equal(out.StatusCode, 200);
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.equal(out.ExecutedVersion, '$LATEST');
  assert.equal(out.FunctionError, undefined);
  assert.ok(out.Payload instanceof Uint8Array);
  const body = decode(out.Payload);
  assert.deepEqual(body.event, { hello: 'wörld', n: [1, 2.5], nested: { ok: true } });
  assert.equal(body.function, 'js-echo');
  assert.equal(body.color, 'green');
  assert.equal(body.version, '$LATEST');
  assert.equal(body.invoked, `${ARN}js-echo`);
  assert.equal(body.requestId, out.$metadata.requestId);
  const lines = Buffer.from(out.LogResult, 'base64').toString('utf8').trimEnd().split('\n');
  assert.equal(lines[0], `START RequestId: ${body.requestId} Version: $LATEST`);
  assert.ok(lines.some((l) => l.endsWith(`\t${body.requestId}\tINFO\techo got {"hello":"wörld","n":[1,2.5],"nested":{"ok":true}}`)), lines.join('\n'));
  assert.ok(lines.includes(`END RequestId: ${body.requestId}`), lines.join('\n'));
  assert.match(lines.at(-1), new RegExp(`^REPORT RequestId: ${body.requestId}\tDuration: [0-9.]+ ms\tBilled Duration: \\d+ ms\tMemory Size: 128 MB\tMax Memory Used: \\d+ MB`));

  const plain = await lambda.send(new InvokeCommand({ FunctionName: 'js-echo', Payload: json([1, 2, 3]) }));
  assert.deepEqual(decode(plain.Payload).event, [1, 2, 3]);
  assert.equal(plain.LogResult, undefined);

  await create('js-fail', makeZip({ 'index.mjs': handler('one') }), { Handler: 'index.fail', Runtime: 'nodejs22.x' });
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'js-fail' });
  const failed = await lambda.send(new InvokeCommand({ FunctionName: 'js-fail', Payload: json({ why: 'no id' }) }));
  assert.equal(failed.StatusCode, 200);
  assert.equal(failed.FunctionError, 'Unhandled');
  const error = decode(failed.Payload);
  assert.equal(error.errorType, 'TypeError');
  assert.equal(error.errorMessage, 'bad input: no id');
  assert.ok(Array.isArray(error.trace) && error.trace[0] === 'TypeError: bad input: no id', JSON.stringify(error));

  const queued = await lambda.send(new InvokeCommand({ FunctionName: 'js-echo', InvocationType: 'Event', Payload: json({ later: 1 }) }));
  assert.equal(queued.StatusCode, 202);
  assert.equal(queued.Payload?.length ?? 0, 0);
  const dry = await lambda.send(new InvokeCommand({ FunctionName: 'js-echo', InvocationType: 'DryRun' }));
  assert.equal(dry.StatusCode, 204);

  await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: 'js-missing', Payload: json({}) })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.message, `Function not found: ${ARN}js-missing:$LATEST`);
    return true;
  });
  await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: 'js-echo', Payload: new TextEncoder().encode('{not json') })), (err) => {
    assert.equal(err.name, 'InvalidRequestContentException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.match(err.message, /^Could not parse request body into json: Could not parse payload into json: /);
    return true;
  });
});

test('UpdateFunctionConfiguration/Code, PublishVersion, aliases and ListVersionsByFunction', async () => {
  await create('js-rel', makeZip({ 'index.mjs': handler('one') }), { Environment: { Variables: { COLOR: 'red' } } });
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'js-rel' });
  const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'js-rel', Description: 'first' }));
  assert.equal(v1.$metadata.httpStatusCode, 201);
  assert.equal(v1.Version, '1');
  assert.equal(v1.FunctionArn, `${ARN}js-rel:1`);
  assert.equal(v1.Description, 'first');

  const configured = await lambda.send(new UpdateFunctionConfigurationCommand({
    FunctionName: 'js-rel', Timeout: 9, Environment: { Variables: { COLOR: 'blue' } },
  }));
  assert.equal(configured.Timeout, 9);
  assert.equal(configured.LastUpdateStatus, 'InProgress');
  const updated = await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'js-rel' });
  assert.equal(updated.state, 'SUCCESS');
  const zip2 = makeZip({ 'index.mjs': handler('two') });
  const coded = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'js-rel', ZipFile: zip2, Publish: true }));
  assert.equal(coded.CodeSha256, sha256(zip2));
  assert.equal(coded.Version, '2');
  assert.deepEqual(coded.Environment, { Variables: { COLOR: 'blue' } });
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'js-rel' });

  const alias = await lambda.send(new CreateAliasCommand({ FunctionName: 'js-rel', Name: 'live', FunctionVersion: '1', Description: 'prod' }));
  assert.equal(alias.$metadata.httpStatusCode, 201);
  assert.equal(alias.AliasArn, `${ARN}js-rel:live`);
  assert.equal(alias.FunctionVersion, '1');
  assert.ok(alias.RevisionId);
  const viaAlias = await lambda.send(new InvokeCommand({ FunctionName: 'js-rel', Qualifier: 'live', Payload: json({}) }));
  assert.equal(viaAlias.ExecutedVersion, '1');
  assert.deepEqual([decode(viaAlias.Payload).release, decode(viaAlias.Payload).color], ['one', 'red']);
  assert.equal(decode(viaAlias.Payload).invoked, `${ARN}js-rel:live`);
  const latest = decode((await lambda.send(new InvokeCommand({ FunctionName: 'js-rel', Payload: json({}) }))).Payload);
  assert.deepEqual([latest.release, latest.color], ['two', 'blue']);
  const got = await lambda.send(new GetAliasCommand({ FunctionName: 'js-rel', Name: 'live' }));
  assert.equal(got.RevisionId, alias.RevisionId);
  const aliases = await lambda.send(new ListAliasesCommand({ FunctionName: 'js-rel' }));
  assert.deepEqual(aliases.Aliases.map((a) => [a.Name, a.FunctionVersion]), [['live', '1']]);

  const versions = [];
  for await (const page of paginateListVersionsByFunction({ client: lambda, pageSize: 2 }, { FunctionName: 'js-rel' })) {
    assert.ok(page.Versions.length <= 2);
    versions.push(...page.Versions.map((v) => v.Version));
  }
  assert.deepEqual(versions, ['$LATEST', '1', '2']);

  await assert.rejects(lambda.send(new CreateAliasCommand({ FunctionName: 'js-rel', Name: 'live', FunctionVersion: '2' })), (err) => {
    assert.equal(err.name, 'ResourceConflictException');
    assert.equal(err.$metadata.httpStatusCode, 409);
    assert.equal(err.message, `Alias already exists: ${ARN}js-rel:live`);
    return true;
  });
  await assert.rejects(lambda.send(new GetAliasCommand({ FunctionName: 'js-rel', Name: 'nope' })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.message, `Cannot find alias arn: ${ARN}js-rel:nope`);
    return true;
  });
  await assert.rejects(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'js-rel', RevisionId: 'stale', Timeout: 3 })), (err) => {
    assert.equal(err.name, 'PreconditionFailedException');
    assert.equal(err.$metadata.httpStatusCode, 412);
    return true;
  });
});

test('the ListFunctions paginator sees every function once, in order', async () => {
  const zip = makeZip({ 'index.mjs': handler('page') });
  for (let i = 0; i < 5; i++) await create(`js-page-${i}`, zip);
  const names = [];
  let pages = 0;
  for await (const page of paginateListFunctions({ client: lambda, pageSize: 2 }, {})) {
    pages++;
    assert.ok(page.Functions.length <= 2, String(page.Functions.length));
    names.push(...page.Functions.map((f) => f.FunctionName));
  }
  assert.ok(pages >= 3, String(pages));
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual(names.filter((n) => n.startsWith('js-page-')), [0, 1, 2, 3, 4].map((i) => `js-page-${i}`));
  for (let i = 0; i < 5; i++) {
    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: `js-page-${i}` }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
  }
});

test('AddPermission, GetPolicy, RemovePermission and DeleteFunction', async () => {
  await create('js-perm', makeZip({ 'index.mjs': handler('one') }));
  const added = await lambda.send(new AddPermissionCommand({
    FunctionName: 'js-perm', StatementId: 's3-invoke', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com',
    SourceArn: 'arn:aws:s3:::js-lake', SourceAccount: '000000000000',
  }));
  assert.equal(added.$metadata.httpStatusCode, 201);
  const statement = {
    Sid: 's3-invoke', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction',
    Resource: `${ARN}js-perm`,
    Condition: { StringEquals: { 'AWS:SourceAccount': '000000000000' }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::js-lake' } },
  };
  assert.deepEqual(JSON.parse(added.Statement), statement);
  const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'js-perm' }));
  assert.deepEqual(JSON.parse(policy.Policy), { Version: '2012-10-17', Id: 'default', Statement: [statement] });
  assert.ok(policy.RevisionId);

  await assert.rejects(lambda.send(new AddPermissionCommand({
    FunctionName: 'js-perm', StatementId: 's3-invoke', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com',
  })), (err) => {
    assert.equal(err.name, 'ResourceConflictException');
    assert.equal(err.$metadata.httpStatusCode, 409);
    assert.equal(err.message,
      'The statement id (s3-invoke) provided already exists. Please provide a new statement id, or remove the existing statement.');
    return true;
  });
  const removed = await lambda.send(new RemovePermissionCommand({ FunctionName: 'js-perm', StatementId: 's3-invoke' }));
  assert.equal(removed.$metadata.httpStatusCode, 204);
  await assert.rejects(lambda.send(new GetPolicyCommand({ FunctionName: 'js-perm' })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.message, 'The resource you requested does not exist.');
    return true;
  });

  const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: 'js-perm' }));
  assert.equal(deleted.$metadata.httpStatusCode, 204);
  await assert.rejects(lambda.send(new DeleteFunctionCommand({ FunctionName: 'js-perm' })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.message, `Function not found: ${ARN}js-perm`);
    return true;
  });
});

test("GetFunction's Code.Location downloads the deployment package", async () => {
  const zip = makeZip({ 'index.mjs': handler('download') });
  await create('js-download', zip);
  const { Code, Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: 'js-download' }));
  assert.equal(Code.RepositoryType, 'S3');
  const res = await fetch(Code.Location);
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, `GET ${Code.Location}: ${res.status} ${body.toString().slice(0, 200)}`);
  assert.equal(sha256(body), Configuration.CodeSha256);
  assert.ok(body.equals(zip));
});

test("a function runs with its execution role's temporary credentials, in a session named after it", async () => {
  const whoami = 'export const handler = async () => ({ accessKeyId: process.env.AWS_ACCESS_KEY_ID, ' +
    'secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN });\n';
  await create('js-whoami', makeZip({ 'index.mjs': whoami }), { Handler: 'index.handler' });
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'js-whoami' });
  const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'js-whoami' }));
  assert.equal(invoked.FunctionError, undefined, new TextDecoder().decode(invoked.Payload));
  const credentials = decode(invoked.Payload);
  assert.match(credentials.accessKeyId ?? '', /^ASIA/, JSON.stringify(credentials));
  assert.ok(credentials.sessionToken);
  const identity = await new STSClient({ ...config, credentials }).send(new GetCallerIdentityCommand({}));
  assert.equal(identity.Arn, 'arn:aws:sts::000000000000:assumed-role/js-lambda-role/js-whoami');
});

test('CreateFunction refuses an execution role that does not exist', async () => {
  const zip = makeZip({ 'index.mjs': handler('norole') });
  await assert.rejects(create('js-norole', zip, { Role: 'arn:aws:iam::000000000000:role/js-missing-role' }), (err) => {
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'The role defined for the function cannot be assumed by Lambda.');
    return true;
  });
});

test('a Node.js handler can use the AWS SDK for JavaScript v3 that the runtime provides', async () => {
  // Lambda's nodejs18.x and later runtimes include the SDK v3: handlers import it without packaging it.
  const ddb = new DynamoDBClient(config);
  await ddb.send(new CreateTableCommand({
    TableName: 'js-from-lambda', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  }));
  await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName: 'js-from-lambda' });
  const esm = `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
const ddb = new DynamoDBClient({});
export const handler = async (event) => {
  await ddb.send(new PutItemCommand({ TableName: 'js-from-lambda', Item: { id: { S: event.id } } }));
  return 'stored ' + event.id;
};
`;
  const cjs = `const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
exports.handler = async () => (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn;
`;
  await create('js-sdk-esm', makeZip({ 'index.mjs': esm }), { Runtime: 'nodejs22.x', Handler: 'index.handler' });
  await create('js-sdk-cjs', makeZip({ 'index.js': cjs }), { Handler: 'index.handler' });
  for (const FunctionName of ['js-sdk-esm', 'js-sdk-cjs']) {
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName });
  }
  const stored = await lambda.send(new InvokeCommand({ FunctionName: 'js-sdk-esm', Payload: json({ id: 'from-esm' }) }));
  assert.equal(stored.FunctionError, undefined, new TextDecoder().decode(stored.Payload));
  assert.equal(decode(stored.Payload), 'stored from-esm');
  const item = await ddb.send(new GetItemCommand({ TableName: 'js-from-lambda', Key: { id: { S: 'from-esm' } }, ConsistentRead: true }));
  assert.deepEqual(item.Item, { id: { S: 'from-esm' } });
  const who = await lambda.send(new InvokeCommand({ FunctionName: 'js-sdk-cjs' }));
  assert.equal(who.FunctionError, undefined, new TextDecoder().decode(who.Payload));
  assert.match(decode(who.Payload), /^arn:aws:sts::000000000000:assumed-role\/js-lambda-role\/js-sdk-cjs$/);
});

test('an event source mapping delivers the filtered records of a DynamoDB stream', async () => {
  const ddb = new DynamoDBClient(config);
  const made = await ddb.send(new CreateTableCommand({
    TableName: 'js-esm', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  }));
  const streamArn = made.TableDescription.LatestStreamArn;
  await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName: 'js-esm' });
  const sink = "export const handler = async (event) => { console.log('RECORDS ' + JSON.stringify(event.Records)); };\n";
  await create('js-esm-sink', makeZip({ 'index.mjs': sink }), { Handler: 'index.handler' });
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'js-esm-sink' });

  await assert.rejects(lambda.send(new CreateEventSourceMappingCommand({
    FunctionName: 'js-esm-nope', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON',
  })), (err) => {
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'Function does not exist');
    return true;
  });
  const mapping = await lambda.send(new CreateEventSourceMappingCommand({
    FunctionName: 'js-esm-sink', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10,
    FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
  }));
  assert.equal(mapping.$metadata.httpStatusCode, 202);
  assert.equal(mapping.State, 'Creating');
  assert.equal(mapping.FunctionArn, `${ARN}js-esm-sink`);
  assert.equal(mapping.EventSourceArn, streamArn);
  assert.ok(mapping.LastModified instanceof Date);
  let state;
  for (let i = 0; i < 50 && state !== 'Enabled'; i++) {
    state = (await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }))).State;
    if (state !== 'Enabled') await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(state, 'Enabled');
  const uuids = [];
  for await (const page of paginateListEventSourceMappings({ client: lambda, pageSize: 1 }, { FunctionName: 'js-esm-sink' })) {
    uuids.push(...page.EventSourceMappings.map((m) => m.UUID));
  }
  assert.deepEqual(uuids, [mapping.UUID]);

  for (const id of ['a', 'b', 'c']) {
    await ddb.send(new PutItemCommand({ TableName: 'js-esm', Item: { id: { S: id }, n: { N: '1' } } }));
  }
  await ddb.send(new UpdateItemCommand({
    TableName: 'js-esm', Key: { id: { S: 'a' } }, UpdateExpression: 'SET n = :two', ExpressionAttributeValues: { ':two': { N: '2' } },
  }));
  const logs = new CloudWatchLogsClient(config);
  let records = [];
  for (let i = 0; i < 100 && records.length < 3; i++) {
    try {
      const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/js-esm-sink', filterPattern: '"RECORDS"' }));
      records = events.flatMap((e) => JSON.parse(e.message.slice(e.message.indexOf('RECORDS ') + 8)));
    } catch (err) {
      if (err.name !== 'ResourceNotFoundException') throw err;
    }
    if (records.length < 3) await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(records.map((r) => [r.eventName, unmarshall(r.dynamodb.NewImage)]),
    [['INSERT', { id: 'a', n: 1 }], ['INSERT', { id: 'b', n: 1 }], ['INSERT', { id: 'c', n: 1 }]]);
  for (const r of records) {
    assert.equal(r.eventSource, 'aws:dynamodb');
    assert.equal(r.eventSourceARN, streamArn);
    assert.equal(r.awsRegion, 'us-east-1');
    assert.equal(typeof r.dynamodb.ApproximateCreationDateTime, 'number');
  }
  const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
  assert.equal(deleted.$metadata.httpStatusCode, 202);
  assert.equal(deleted.State, 'Deleting');
});

test("CreateEventSourceMapping refuses a function whose role cannot read the stream", async () => {
  const ddb = new DynamoDBClient(config);
  const made = await ddb.send(new CreateTableCommand({
    TableName: 'js-esm-bare', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
  }));
  const streamArn = made.TableDescription.LatestStreamArn;
  await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName: 'js-esm-bare' });
  const sink = "export const handler = async () => {};\n";
  await create('js-esm-bare', makeZip({ 'index.mjs': sink }), { Handler: 'index.handler', Role: bareRole });
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'js-esm-bare' });
  await assert.rejects(lambda.send(new CreateEventSourceMappingCommand({
    FunctionName: 'js-esm-bare', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON',
  })), (err) => {
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, `Cannot access stream ${streamArn}. Please ensure the role can perform the GetRecords, ` +
      'GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.');
    return true;
  });
});
