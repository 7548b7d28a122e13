// The DynamoDB Document client (@aws-sdk/lib-dynamodb) with native JavaScript values: numbers, BigInt and NumberValue
// beyond a double, Sets, Uint8Array, nested maps and lists, null, removeUndefinedValues; Put/Get/Update with
// expressions, Query (also on an index) with paginateQuery, Scan, batches, transactions, PartiQL and the errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBClient, CreateTableCommand, GetItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, PutCommand, GetCommand, UpdateCommand, DeleteCommand, QueryCommand, ScanCommand,
  BatchWriteCommand, BatchGetCommand, TransactWriteCommand, TransactGetCommand, ExecuteStatementCommand, paginateQuery,
  paginateScan, NumberValue,
} from '@aws-sdk/lib-dynamodb';
import { startTarn } from './tarn.mjs';

let tarn;
let ddb;
let doc;
let wrapped;
before(async () => {
  tarn = await startTarn();
  const config = { endpoint: tarn.endpoint, region: 'us-east-1', credentials: tarn.credentials, maxAttempts: 1 };
  ddb = new DynamoDBClient(config);
  // One DynamoDBClient per Document client: DynamoDBDocumentClient.from shares the client's config, so a second
  // from() on the same client would change the first one's translation options too.
  doc = DynamoDBDocumentClient.from(new DynamoDBClient(config), { marshallOptions: { removeUndefinedValues: true } });
  wrapped = DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true }, unmarshallOptions: { wrapNumbers: true },
  });
  await ddb.send(new CreateTableCommand({
    TableName: 'js-doc-student', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  }));
  await ddb.send(new CreateTableCommand({
    TableName: 'js-doc-marks', BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'student_id', KeyType: 'HASH' }, { AttributeName: 'subject', KeyType: 'RANGE' }],
    AttributeDefinitions: [
      { AttributeName: 'student_id', AttributeType: 'S' }, { AttributeName: 'subject', AttributeType: 'S' },
      { AttributeName: 'mark', AttributeType: 'N' },
    ],
    GlobalSecondaryIndexes: [{
      IndexName: 'by-subject', Projection: { ProjectionType: 'ALL' },
      KeySchema: [{ AttributeName: 'subject', KeyType: 'HASH' }, { AttributeName: 'mark', KeyType: 'RANGE' }],
    }],
  }));
  for (const TableName of ['js-doc-student', 'js-doc-marks']) {
    assert.equal((await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName })).state, 'SUCCESS');
  }
});
after(async () => { assert.equal(await tarn.stop(), 0); });

test('native JavaScript values round-trip, numbers beyond a double exactly', async () => {
  const item = {
    id: 's-1', name: 'Ada', year: 3, ratio: 0.1 + 0.2, negative: -42.5, zero: 0, active: true, nothing: null, empty: '',
    huge: 12345678901234567890n, photo: new Uint8Array([0, 1, 254, 255]), tags: new Set(['a', 'b']), scores: new Set([1, 2.5]),
    blobs: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
    address: { city: 'Oslo', lines: ['x', 7, { deep: [null, false] }], none: undefined }, list: [], map: {},
    dropped: undefined,
  };
  const put = await doc.send(new PutCommand({ TableName: 'js-doc-student', Item: item }));
  assert.equal(put.$metadata.httpStatusCode, 200);

  // What DynamoDB stored, in its own types.
  const raw = (await ddb.send(new GetItemCommand({ TableName: 'js-doc-student', Key: { id: { S: 's-1' } }, ConsistentRead: true }))).Item;
  assert.deepEqual(raw.ratio, { N: '0.30000000000000004' });
  assert.deepEqual(raw.huge, { N: '12345678901234567890' });
  assert.deepEqual(raw.nothing, { NULL: true });
  assert.deepEqual(raw.empty, { S: '' });
  assert.deepEqual(raw.scores.NS.sort(), ['1', '2.5']);
  assert.equal(raw.blobs.BS.length, 2);
  assert.equal('dropped' in raw, false);
  assert.deepEqual(raw.address, { M: { city: { S: 'Oslo' }, lines: { L: [{ S: 'x' }, { N: '7' }, { M: { deep: { L: [{ NULL: true }, { BOOL: false }] } } }] } } });
  assert.deepEqual(raw.list, { L: [] });
  assert.deepEqual(raw.map, { M: {} });

  const { Item: plain } = await doc.send(new GetCommand({ TableName: 'js-doc-student', Key: { id: 's-1' }, ConsistentRead: true }));
  assert.equal(plain.year, 3);
  assert.equal(plain.ratio, 0.1 + 0.2);
  assert.equal(plain.negative, -42.5);
  assert.equal(plain.zero, 0);
  assert.equal(plain.active, true);
  assert.equal(plain.nothing, null);
  assert.equal(plain.empty, '');
  assert.equal(plain.huge, 12345678901234567890n);
  assert.ok(plain.photo instanceof Uint8Array);
  assert.deepEqual([...plain.photo], [0, 1, 254, 255]);
  assert.deepEqual(plain.tags, new Set(['a', 'b']));
  assert.deepEqual(plain.scores, new Set([1, 2.5]));
  assert.deepEqual([...plain.blobs].map((b) => [...b]).sort(), [[1], [2, 3]]);
  assert.deepEqual(plain.address, { city: 'Oslo', lines: ['x', 7, { deep: [null, false] }] });
  assert.deepEqual(plain.list, []);
  assert.deepEqual(plain.map, {});
  assert.equal('dropped' in plain, false);

  // A decimal beyond a double's precision needs wrapNumbers (NumberValue) to be read back exactly.
  await wrapped.send(new PutCommand({
    TableName: 'js-doc-student', Item: { id: 's-big', big: NumberValue.from('12345678901234567890.123456789'), small: NumberValue.from('-1e-130') },
  }));
  const { Item: exact } = await wrapped.send(new GetCommand({ TableName: 'js-doc-student', Key: { id: 's-big' }, ConsistentRead: true }));
  assert.ok(exact.big instanceof NumberValue);
  assert.equal(exact.big.toString(), '12345678901234567890.123456789');
  assert.equal(exact.small.toString(), `-0.${'0'.repeat(129)}1`);  // DynamoDB answers numbers without exponents
  await assert.rejects(doc.send(new GetCommand({ TableName: 'js-doc-student', Key: { id: 's-big' } })), /12345678901234567890\.123456789/);

  // DynamoDB answers numbers in their canonical form.
  await doc.send(new PutCommand({
    TableName: 'js-doc-student', Item: { id: 's-canon', a: NumberValue.from('1.50'), b: NumberValue.from('1E+2'), c: NumberValue.from('-000.0100') },
  }));
  const canon = (await ddb.send(new GetItemCommand({ TableName: 'js-doc-student', Key: { id: { S: 's-canon' } }, ConsistentRead: true }))).Item;
  assert.deepEqual([canon.a.N, canon.b.N, canon.c.N], ['1.5', '100', '-0.01']);
});

test('Update with expressions, conditions and ReturnValues', async () => {
  await doc.send(new PutCommand({ TableName: 'js-doc-student', Item: { id: 's-2', name: 'Bob', visits: 1, tags: new Set(['new']), history: ['a'], old: 'x' } }));
  // address does not exist: a document path into a missing map is a ValidationException on DynamoDB.
  await assert.rejects(doc.send(new UpdateCommand({
    TableName: 'js-doc-student', Key: { id: 's-2' }, UpdateExpression: 'SET #n = :name, address.city = :city ADD visits :one',
    ExpressionAttributeNames: { '#n': 'name' }, ExpressionAttributeValues: { ':name': 'Bobby', ':city': 'Bergen', ':one': 1 },
  })), (err) => {
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'The document path provided in the update expression is invalid for update');
    return true;
  });

  const out = await doc.send(new UpdateCommand({
    TableName: 'js-doc-student', Key: { id: 's-2' },
    UpdateExpression: 'SET #n = :name, history = list_append(history, :more), since = if_not_exists(since, :now), address = :address ' +
      'ADD visits :one, tags :tags REMOVE #o',
    ConditionExpression: 'attribute_exists(id) AND visits < :max',
    ExpressionAttributeNames: { '#n': 'name', '#o': 'old' },
    ExpressionAttributeValues: { ':name': 'Bobby', ':more': ['b', 'c'], ':now': 1700000000, ':address': { city: 'Bergen' }, ':one': 1, ':tags': new Set(['vip']), ':max': 10 },
    ReturnValues: 'ALL_NEW',
  }));
  assert.deepEqual(out.Attributes, {
    id: 's-2', name: 'Bobby', visits: 2, tags: new Set(['new', 'vip']), history: ['a', 'b', 'c'], since: 1700000000, address: { city: 'Bergen' },
  });
  const nested = await doc.send(new UpdateCommand({
    TableName: 'js-doc-student', Key: { id: 's-2' }, UpdateExpression: 'SET address.city = :c, history[0] = :h DELETE tags :gone',
    ExpressionAttributeValues: { ':c': 'Tromsø', ':h': 'A', ':gone': new Set(['new']) }, ReturnValues: 'UPDATED_NEW',
  }));
  assert.deepEqual(nested.Attributes, { address: { city: 'Tromsø' }, history: ['A'], tags: new Set(['vip']) });

  await assert.rejects(doc.send(new UpdateCommand({
    TableName: 'js-doc-student', Key: { id: 's-2' }, UpdateExpression: 'SET visits = visits + :one',
    ConditionExpression: 'visits > :big', ExpressionAttributeValues: { ':one': 1, ':big': 100 },
  })), (err) => {
    assert.equal(err.name, 'ConditionalCheckFailedException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'The conditional request failed');
    return true;
  });
  const removed = await doc.send(new DeleteCommand({ TableName: 'js-doc-student', Key: { id: 's-2' }, ReturnValues: 'ALL_OLD' }));
  assert.equal(removed.Attributes.visits, 2);
  assert.equal((await doc.send(new GetCommand({ TableName: 'js-doc-student', Key: { id: 's-2' } }))).Item, undefined);
});

test('Query with paginateQuery, on an index, Scan, BatchWrite and BatchGet', async () => {
  const subjects = Array.from({ length: 30 }, (_, i) => `subject-${String(i).padStart(2, '0')}`);
  for (let i = 0; i < subjects.length; i += 25) {
    const out = await doc.send(new BatchWriteCommand({
      RequestItems: {
        'js-doc-marks': subjects.slice(i, i + 25).map((subject, j) => ({
          PutRequest: { Item: { student_id: 's-3', subject, mark: (i + j) * 3 % 100, notes: { graded: true } } },
        })),
      },
    }));
    assert.deepEqual(out.UnprocessedItems, {});
  }
  const seen = [];
  let pages = 0;
  for await (const page of paginateQuery({ client: doc, pageSize: 7 }, {
    TableName: 'js-doc-marks', KeyConditionExpression: 'student_id = :s', ExpressionAttributeValues: { ':s': 's-3' },
  })) {
    pages++;
    assert.ok(page.Items.length <= 7);
    if (page.LastEvaluatedKey) assert.deepEqual(Object.keys(page.LastEvaluatedKey).sort(), ['student_id', 'subject']);
    seen.push(...page.Items.map((it) => it.subject));
    for (const it of page.Items) assert.deepEqual(it.notes, { graded: true });
  }
  assert.equal(pages, 5);
  assert.deepEqual(seen, subjects);

  const top = await doc.send(new QueryCommand({
    TableName: 'js-doc-marks', KeyConditionExpression: 'student_id = :s AND begins_with(subject, :p)', FilterExpression: 'mark >= :m',
    ExpressionAttributeValues: { ':s': 's-3', ':p': 'subject-1', ':m': 40 }, ScanIndexForward: false,
  }));
  assert.deepEqual(top.Items.map((it) => [it.subject, it.mark]), [['subject-19', 57], ['subject-18', 54], ['subject-17', 51], ['subject-16', 48], ['subject-15', 45], ['subject-14', 42]]);
  assert.equal(top.Count, 6);
  assert.equal(top.ScannedCount, 10);

  await doc.send(new PutCommand({ TableName: 'js-doc-marks', Item: { student_id: 's-4', subject: 'subject-05', mark: 99 } }));
  const bySubject = await doc.send(new QueryCommand({
    TableName: 'js-doc-marks', IndexName: 'by-subject', KeyConditionExpression: 'subject = :s AND mark > :m',
    ExpressionAttributeValues: { ':s': 'subject-05', ':m': 10 },
  }));
  assert.deepEqual(bySubject.Items.map((it) => [it.student_id, it.mark]), [['s-3', 15], ['s-4', 99]]);

  const count = await doc.send(new ScanCommand({ TableName: 'js-doc-marks', Select: 'COUNT', FilterExpression: 'mark > :m', ExpressionAttributeValues: { ':m': 80 } }));
  assert.equal(count.Items, undefined);
  assert.equal(count.Count, 4);
  assert.equal(count.ScannedCount, 31);
  const scanned = [];
  for await (const page of paginateScan({ client: doc, pageSize: 10 }, { TableName: 'js-doc-marks', ProjectionExpression: 'subject' })) {
    scanned.push(...page.Items);
  }
  assert.equal(scanned.length, 31);
  assert.ok(scanned.every((it) => Object.keys(it).join() === 'subject'));

  const got = await doc.send(new BatchGetCommand({
    RequestItems: {
      'js-doc-marks': { Keys: [{ student_id: 's-3', subject: 'subject-00' }, { student_id: 's-3', subject: 'subject-29' }, { student_id: 'nobody', subject: 'x' }], ProjectionExpression: 'subject, mark' },
      'js-doc-student': { Keys: [{ id: 's-1' }], ProjectionExpression: 'id' },
    },
  }));
  assert.deepEqual(got.Responses['js-doc-marks'].sort((a, b) => a.subject.localeCompare(b.subject)), [{ subject: 'subject-00', mark: 0 }, { subject: 'subject-29', mark: 87 }]);
  assert.deepEqual(got.Responses['js-doc-student'], [{ id: 's-1' }]);
  assert.deepEqual(got.UnprocessedKeys, {});

  await doc.send(new BatchWriteCommand({
    RequestItems: { 'js-doc-marks': subjects.slice(0, 10).map((subject) => ({ DeleteRequest: { Key: { student_id: 's-3', subject } } })) },
  }));
  const left = await doc.send(new QueryCommand({ TableName: 'js-doc-marks', KeyConditionExpression: 'student_id = :s', ExpressionAttributeValues: { ':s': 's-3' }, Select: 'COUNT' }));
  assert.equal(left.Count, 20);
});

test('TransactWrite and TransactGet, all or nothing, with the cancellation reasons', async () => {
  await doc.send(new PutCommand({ TableName: 'js-doc-student', Item: { id: 's-5', credits: 10 } }));
  const out = await doc.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: 'js-doc-marks', Item: { student_id: 's-5', subject: 'maths', mark: 80 }, ConditionExpression: 'attribute_not_exists(subject)' } },
      { Update: { TableName: 'js-doc-student', Key: { id: 's-5' }, UpdateExpression: 'SET credits = credits - :c', ConditionExpression: 'credits >= :c', ExpressionAttributeValues: { ':c': 4 } } },
      { ConditionCheck: { TableName: 'js-doc-student', Key: { id: 's-1' }, ConditionExpression: 'attribute_exists(id)' } },
    ],
  }));
  assert.equal(out.$metadata.httpStatusCode, 200);
  const both = await doc.send(new TransactGetCommand({
    TransactItems: [
      { Get: { TableName: 'js-doc-student', Key: { id: 's-5' } } },
      { Get: { TableName: 'js-doc-marks', Key: { student_id: 's-5', subject: 'maths' }, ProjectionExpression: 'mark' } },
      { Get: { TableName: 'js-doc-student', Key: { id: 'nobody' } } },
    ],
  }));
  assert.deepEqual(both.Responses.map((r) => r.Item), [{ id: 's-5', credits: 6 }, { mark: 80 }, undefined]);

  await assert.rejects(doc.send(new TransactWriteCommand({
    TransactItems: [
      { Update: { TableName: 'js-doc-student', Key: { id: 's-5' }, UpdateExpression: 'SET credits = credits - :c', ConditionExpression: 'credits >= :c', ExpressionAttributeValues: { ':c': 4 } } },
      { Put: { TableName: 'js-doc-marks', Item: { student_id: 's-5', subject: 'maths', mark: 1 }, ConditionExpression: 'attribute_not_exists(subject)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
    ],
  })), (err) => {
    assert.equal(err.name, 'TransactionCanceledException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]');
    assert.equal(err.CancellationReasons.length, 2);
    assert.deepEqual(err.CancellationReasons[0], { Code: 'None' });
    assert.equal(err.CancellationReasons[1].Code, 'ConditionalCheckFailed');
    assert.equal(err.CancellationReasons[1].Message, 'The conditional request failed');
    assert.deepEqual(err.CancellationReasons[1].Item, { student_id: { S: 's-5' }, subject: { S: 'maths' }, mark: { N: '80' } });
    return true;
  });
  // Nothing of the cancelled transaction was applied.
  assert.equal((await doc.send(new GetCommand({ TableName: 'js-doc-student', Key: { id: 's-5' }, ConsistentRead: true }))).Item.credits, 6);
});

test('PartiQL statements take and give native values', async () => {
  await doc.send(new ExecuteStatementCommand({
    Statement: 'INSERT INTO "js-doc-marks" VALUE {\'student_id\': ?, \'subject\': ?, \'mark\': ?, \'tags\': ?, \'detail\': ?}',
    Parameters: ['s-6', 'art', 77, new Set(['oil', 'clay']), { teacher: 'Bo', rooms: [1, 2] }],
  }));
  const out = await doc.send(new ExecuteStatementCommand({
    Statement: 'SELECT * FROM "js-doc-marks" WHERE student_id = ? AND subject = ?', Parameters: ['s-6', 'art'],
  }));
  assert.deepEqual(out.Items, [{ student_id: 's-6', subject: 'art', mark: 77, tags: new Set(['oil', 'clay']), detail: { teacher: 'Bo', rooms: [1, 2] } }]);
  await doc.send(new ExecuteStatementCommand({
    Statement: 'UPDATE "js-doc-marks" SET mark = mark + ? WHERE student_id = ? AND subject = ?', Parameters: [3, 's-6', 'art'],
  }));
  const { Item } = await doc.send(new GetCommand({ TableName: 'js-doc-marks', Key: { student_id: 's-6', subject: 'art' }, ConsistentRead: true }));
  assert.equal(Item.mark, 80);
  await assert.rejects(doc.send(new ExecuteStatementCommand({
    Statement: 'INSERT INTO "js-doc-marks" VALUE {\'student_id\': ?, \'subject\': ?}', Parameters: ['s-6', 'art'],
  })), (err) => {
    assert.equal(err.name, 'DuplicateItemException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'Duplicate primary key exists in table');
    return true;
  });
});

test('errors reach the Document client with DynamoDB names and messages', async () => {
  await assert.rejects(doc.send(new PutCommand({ TableName: 'js-doc-student', Item: { id: '' } })), (err) => {
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message,
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id');
    return true;
  });
  await assert.rejects(doc.send(new GetCommand({ TableName: 'js-doc-nope', Key: { id: 'x' } })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'Requested resource not found');
    return true;
  });
  await assert.rejects(doc.send(new PutCommand({ TableName: 'js-doc-student', Item: { id: 'x', grade: 'three' }, ConditionExpression: 'grade > :y', ExpressionAttributeValues: { ':y': 1, ':unused': 2 } })), (err) => {
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, '1 validation error detected: Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}');
    return true;
  });
  await assert.rejects(doc.send(new QueryCommand({ TableName: 'js-doc-marks', KeyConditionExpression: 'subject = :s', ExpressionAttributeValues: { ':s': 'x' } })), (err) => {
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'Query condition missed key schema element: student_id');
    return true;
  });
});
