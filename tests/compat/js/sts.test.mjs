// STS GetCallerIdentity with the AWS SDK for JavaScript v3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startTarn } from './tarn.mjs';

let tarn;
before(async () => { tarn = await startTarn(); });
after(async () => { assert.equal(await tarn.stop(), 0); });

test('GetCallerIdentity returns the root user', async () => {
  const sts = new STSClient({ endpoint: tarn.endpoint, region: 'us-east-1', credentials: tarn.credentials });
  const out = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(out.Arn, 'arn:aws:iam::000000000000:root');
  assert.equal(out.Account, '000000000000');
  assert.equal(out.UserId, '000000000000');
  assert.ok(out.$metadata.requestId);
});

test('the environment from `tarn env` is enough for the SDK', () => {
  // A fresh node process with only the exported variables: no endpoint or keys in code.
  const env = { PATH: process.env.PATH, HOME: tarn.dataDir, ...tarn.env };
  const script = `
    import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
    const out = await new STSClient({}).send(new GetCallerIdentityCommand({}));
    console.log(out.Arn);`;
  const arn = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8', cwd: process.cwd() });
  assert.equal(arn.trim(), 'arn:aws:iam::000000000000:root');
});

test('a wrong secret is SignatureDoesNotMatch', async () => {
  const sts = new STSClient({
    endpoint: tarn.endpoint, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: tarn.credentials.accessKeyId, secretAccessKey: 'x'.repeat(40) },
  });
  await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (err) => {
    assert.equal(err.name, 'SignatureDoesNotMatch');
    assert.equal(err.$metadata.httpStatusCode, 403);
    return true;
  });
});

test('an unknown key is InvalidClientTokenId', async () => {
  const sts = new STSClient({
    endpoint: tarn.endpoint, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: tarn.credentials.secretAccessKey },
  });
  await assert.rejects(sts.send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId' });
});
