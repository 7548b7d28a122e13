// DynamoDB with the AWS SDK for JavaScript v3: the seed's tables, the waiter, paginators, conditional
// writes and their errors, batches and transactions, numbers beyond a double and binary values, and a
// restore from an on-demand backup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DynamoDBClient, CreateTableCommand, DescribeTableCommand, PutItemCommand, GetItemCommand, UpdateItemCommand,
  DeleteItemCommand, BatchWriteItemCommand, BatchGetItemCommand, TransactWriteItemsCommand, QueryCommand,
  waitUntilTableExists, paginateQuery, paginateListTables, PutResourcePolicyCommand, GetResourcePolicyCommand,
  DeleteResourcePolicyCommand, ScanCommand, CreateBackupCommand, DescribeBackupCommand, RestoreTableFromBackupCommand,
} from '@aws-sdk/client-dynamodb';
import { startTarn } from './tarn.mjs';

let tarn;
let ddb;
before(async () => {
  tarn = await startTarn();
  ddb = new DynamoDBClient({ endpoint: tarn.endpoint, region: 'us-east-1', credentials: tarn.credentials, maxAttempts: 1 });
  await ddb.send(new CreateTableCommand({
    TableName: 'student', BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  }));
  await ddb.send(new CreateTableCommand({
    TableName: 'marks', BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'student_id', KeyType: 'HASH' }, { AttributeName: 'subject', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'student_id', AttributeType: 'S' }, { AttributeName: 'subject', AttributeType: 'S' }],
  }));
  for (const TableName of ['student', 'marks']) {
    const waited = await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName });
    assert.equal(waited.state, 'SUCCESS');
  }
});
after(async () => { assert.equal(await tarn.stop(), 0); });

test('the seed tables round-trip items of every type', async () => {
  const item = {
    id: { S: 's-1' }, name: { S: 'Ada' }, year: { N: '3' },
    big: { N: '12345678901234567890.123456789' }, photo: { B: new Uint8Array([0, 1, 254, 255]) },
    active: { BOOL: true }, nothing: { NULL: true }, tags: { SS: ['a', 'b'] }, scores: { NS: ['1', '2.5'] },
    address: { M: { city: { S: 'Oslo' }, lines: { L: [{ S: 'x' }, { N: '7' }] } } },
  };
  await ddb.send(new PutItemCommand({ TableName: 'student', Item: item }));
  const got = (await ddb.send(new GetItemCommand({ TableName: 'student', Key: { id: { S: 's-1' } }, ConsistentRead: true }))).Item;
  assert.equal(got.big.N, '12345678901234567890.123456789');  // exact: no double in between
  assert.deepEqual([...got.photo.B], [0, 1, 254, 255]);
  assert.deepEqual(got.tags.SS.sort(), ['a', 'b']);
  assert.deepEqual(got.address, item.address);
  assert.deepEqual(got.nothing, { NULL: true });
  const desc = (await ddb.send(new DescribeTableCommand({ TableName: 'marks' }))).Table;
  assert.equal(desc.TableStatus, 'ACTIVE');
  assert.deepEqual(desc.KeySchema.map((k) => k.KeyType), ['HASH', 'RANGE']);
});

test('a failed condition names the item when asked', async () => {
  await ddb.send(new PutItemCommand({ TableName: 'student', Item: { id: { S: 's-2' }, v: { N: '1' } } }));
  await assert.rejects(
    ddb.send(new PutItemCommand({
      TableName: 'student', Item: { id: { S: 's-2' } }, ConditionExpression: 'attribute_not_exists(id)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })),
    (err) => {
      assert.equal(err.name, 'ConditionalCheckFailedException');
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.message, 'The conditional request failed');
      assert.deepEqual(err.Item, { id: { S: 's-2' }, v: { N: '1' } });
      return true;
    });
  const updated = await ddb.send(new UpdateItemCommand({
    TableName: 'student', Key: { id: { S: 's-2' } }, UpdateExpression: 'SET v = v + :one ADD n :one',
    ExpressionAttributeValues: { ':one': { N: '1' } }, ReturnValues: 'UPDATED_NEW',
  }));
  assert.deepEqual(updated.Attributes, { v: { N: '2' }, n: { N: '1' } });
  const removed = await ddb.send(new DeleteItemCommand({ TableName: 'student', Key: { id: { S: 's-2' } }, ReturnValues: 'ALL_OLD' }));
  assert.equal(removed.Attributes.v.N, '2');
});

test('errors carry DynamoDB names and messages', async () => {
  await assert.rejects(ddb.send(new GetItemCommand({ TableName: 'nope', Key: { id: { S: 'x' } } })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    return true;
  });
  await assert.rejects(
    ddb.send(new UpdateItemCommand({ TableName: 'student', Key: { id: { S: 'x' } }, UpdateExpression: 'SET #a = :v' })),
    (err) => {
      assert.equal(err.name, 'ValidationException');
      assert.equal(err.message,
        '1 validation error detected: Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #a');
      return true;
    });
});

test('a resource-based policy round-trips and its explicit deny binds the caller', async () => {
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'marks' }));
  const arn = Table.TableArn;
  await assert.rejects(ddb.send(new GetResourcePolicyCommand({ ResourceArn: arn })), (err) => {
    assert.equal(err.name, 'PolicyNotFoundException');
    assert.equal(err.message, `Resource-based policy not found for the provided ResourceArn: ${arn}`);
    return true;
  });
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'NoScans', Effect: 'Deny', Principal: { AWS: '000000000000' }, Action: ['dynamodb:Scan'], Resource: arn }],
  };
  const { RevisionId } = await ddb.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: JSON.stringify(policy, null, 2) }));
  assert.match(RevisionId, /^\d{13}$/);
  const got = await ddb.send(new GetResourcePolicyCommand({ ResourceArn: arn }));
  assert.equal(got.RevisionId, RevisionId);
  assert.equal(got.Policy, '{"Version":"2012-10-17","Statement":[{"Sid":"NoScans","Effect":"Deny","Principal":' +
    `{"AWS":"arn:aws:iam::000000000000:root"},"Action":"dynamodb:Scan","Resource":"${arn}"}]}`);
  await assert.rejects(ddb.send(new ScanCommand({ TableName: 'marks' })), (err) => {
    assert.equal(err.name, 'AccessDeniedException');
    return true;
  });
  const deleted = await ddb.send(new DeleteResourcePolicyCommand({ ResourceArn: arn, ExpectedRevisionId: RevisionId }));
  assert.equal(deleted.RevisionId, RevisionId);
  await ddb.send(new ScanCommand({ TableName: 'marks' }));
});

test('marks of a student in pages, batches and a transaction', async () => {
  const subjects = Array.from({ length: 30 }, (_, i) => `subject-${String(i).padStart(2, '0')}`);
  for (let i = 0; i < subjects.length; i += 25) {
    const out = await ddb.send(new BatchWriteItemCommand({
      RequestItems: {
        marks: subjects.slice(i, i + 25).map((subject, j) => ({
          PutRequest: { Item: { student_id: { S: 's-3' }, subject: { S: subject }, mark: { N: String(i + j) } } },
        })),
      },
    }));
    assert.deepEqual(out.UnprocessedItems, {});
  }
  const seen = [];
  for await (const page of paginateQuery({ client: ddb, pageSize: 7 }, {
    TableName: 'marks', KeyConditionExpression: 'student_id = :s', ExpressionAttributeValues: { ':s': { S: 's-3' } },
  })) {
    assert.ok(page.Items.length <= 7);
    seen.push(...page.Items.map((it) => it.subject.S));
  }
  assert.deepEqual(seen, subjects);
  const backwards = await ddb.send(new QueryCommand({
    TableName: 'marks', KeyConditionExpression: 'student_id = :s AND begins_with(subject, :p)',
    ExpressionAttributeValues: { ':s': { S: 's-3' }, ':p': { S: 'subject-2' } }, ScanIndexForward: false, Limit: 3,
  }));
  assert.deepEqual(backwards.Items.map((it) => it.subject.S), ['subject-29', 'subject-28', 'subject-27']);
  assert.ok(backwards.LastEvaluatedKey);
  const got = await ddb.send(new BatchGetItemCommand({
    RequestItems: { marks: { Keys: [{ student_id: { S: 's-3' }, subject: { S: 'subject-00' } }], ProjectionExpression: 'mark' } },
  }));
  assert.deepEqual(got.Responses.marks, [{ mark: { N: '0' } }]);
  await assert.rejects(
    ddb.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: 'student', Item: { id: { S: 's-3' } } } },
        { ConditionCheck: { TableName: 'marks', Key: { student_id: { S: 's-3' }, subject: { S: 'subject-00' } },
          ConditionExpression: 'mark > :m', ExpressionAttributeValues: { ':m': { N: '5' } } } },
      ],
    })),
    (err) => {
      assert.equal(err.name, 'TransactionCanceledException');
      assert.deepEqual(err.CancellationReasons.map((r) => r.Code), ['None', 'ConditionalCheckFailed']);
      return true;
    });
  const none = await ddb.send(new GetItemCommand({ TableName: 'student', Key: { id: { S: 's-3' } } }));
  assert.equal(none.Item, undefined);  // all or nothing
  const tables = [];
  for await (const page of paginateListTables({ client: ddb, pageSize: 1 }, {})) tables.push(...page.TableNames);
  assert.deepEqual(tables, ['marks', 'student']);
});

test('a table restored from an on-demand backup has the items of the backup', async () => {
  // Runs last: the restored table would show in the table listing above.
  await ddb.send(new PutItemCommand({ TableName: 'student', Item: { id: { S: 's-9' }, name: { S: 'Grace' } } }));
  const { BackupDetails } = await ddb.send(new CreateBackupCommand({ TableName: 'student', BackupName: 'student-nightly' }));
  assert.match(BackupDetails.BackupArn,
    /^arn:aws:dynamodb:us-east-1:000000000000:table\/student\/backup\/\d{14}-[0-9a-f]{8}$/);
  assert.equal(BackupDetails.BackupStatus, 'CREATING');  // as DynamoDB answers; AVAILABLE right after
  assert.ok(BackupDetails.BackupCreationDateTime instanceof Date);
  await ddb.send(new PutItemCommand({ TableName: 'student', Item: { id: { S: 's-10' } } }));  // after the backup
  const { BackupDescription } = await ddb.send(new DescribeBackupCommand({ BackupArn: BackupDetails.BackupArn }));
  assert.equal(BackupDescription.BackupDetails.BackupStatus, 'AVAILABLE');
  assert.equal(BackupDescription.BackupDetails.BackupType, 'USER');
  assert.equal(BackupDescription.SourceTableDetails.TableName, 'student');
  assert.equal(BackupDescription.SourceTableDetails.BillingMode, 'PAY_PER_REQUEST');
  assert.deepEqual(BackupDescription.SourceTableFeatureDetails, {});
  const { TableDescription } = await ddb.send(new RestoreTableFromBackupCommand({
    TargetTableName: 'student-restored', BackupArn: BackupDetails.BackupArn,
  }));
  assert.equal(TableDescription.TableStatus, 'CREATING');
  assert.equal(TableDescription.RestoreSummary.SourceBackupArn, BackupDetails.BackupArn);
  assert.equal(TableDescription.RestoreSummary.RestoreInProgress, true);
  assert.equal(TableDescription.RestoreSummary.RestoreDateTime.getTime(), BackupDetails.BackupCreationDateTime.getTime());
  const waited = await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName: 'student-restored' });
  assert.equal(waited.state, 'SUCCESS');
  const got = await ddb.send(new GetItemCommand({ TableName: 'student-restored', Key: { id: { S: 's-9' } }, ConsistentRead: true }));
  assert.deepEqual(got.Item, { id: { S: 's-9' }, name: { S: 'Grace' } });
  const later = await ddb.send(new GetItemCommand({ TableName: 'student-restored', Key: { id: { S: 's-10' } } }));
  assert.equal(later.Item, undefined);  // a snapshot of the table when the backup was made
  await assert.rejects(
    ddb.send(new RestoreTableFromBackupCommand({ TargetTableName: 'student', BackupArn: BackupDetails.BackupArn })),
    (err) => {
      assert.equal(err.name, 'TableAlreadyExistsException');
      assert.equal(err.message, 'Table already exists: student');
      return true;
    });
});
