#!/usr/bin/env python3
"""Backups, restores, exports and imports of a whole table: starts a tarn (a release build, please) on a
temporary data directory, fills a table of 1 KB items with a KEYS_ONLY global index (BatchWriteItem),
enables point-in-time recovery and changes 1,000 items, then times CreateBackup, RestoreTableFromBackup,
RestoreTableToPointInTime (UseLatestRestorableTime), ExportTableToPointInTime to tarn's S3 until
COMPLETED, and ImportTable of that export's data files until COMPLETED, and checks each result's item
count. Not part of `make test`.

  /usr/bin/python3 bench/backup_export.py build/release/tarn [--items 100000]
"""
import argparse
import shutil
import sys
import tempfile
import time

import boto3

import tarn_process  # bench/tarn_process.py: bench/ is on sys.path when a script runs


def timed(label, call):
    start = time.monotonic()
    result = call()
    print(f"{label}: {time.monotonic() - start:.2f} s")
    return result


def wait(describe, key, status_member):
    while True:
        description = describe()[key]
        if description[status_member] != "IN_PROGRESS":
            return description
        time.sleep(0.02)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tarn")
    parser.add_argument("--items", type=int, default=100000)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="tarn-bench-backup-")
    proc, endpoint, creds = tarn_process.start(args.tarn, data)
    try:
        kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=creds["AWS_ACCESS_KEY_ID"],
                  aws_secret_access_key=creds["AWS_SECRET_ACCESS_KEY"])
        ddb, s3 = boto3.client("dynamodb", **kw), boto3.client("s3", **kw)
        ddb.create_table(
            TableName="grades", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "KEYS_ONLY"}}],
            BillingMode="PAY_PER_REQUEST")
        pad = "x" * 1000

        def put(first, last, group):
            for i in range(first, last, 25):
                ddb.batch_write_item(RequestItems={"grades": [
                    {"PutRequest": {"Item": {"id": {"S": f"k{j}"}, "g": {"S": group(j)}, "pad": {"S": pad}}}}
                    for j in range(i, min(last, i + 25))]})

        timed(f"load {args.items} items of 1 KB", lambda: put(0, args.items, lambda j: f"g{j % 100}"))
        ddb.update_continuous_backups(TableName="grades",
                                      PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        put(0, min(1000, args.items), lambda j: "changed")
        arn = timed("CreateBackup", lambda: ddb.create_backup(TableName="grades", BackupName="bench"))
        arn = arn["BackupDetails"]["BackupArn"]
        timed("RestoreTableFromBackup (items and the index)",
              lambda: ddb.restore_table_from_backup(TargetTableName="from-backup", BackupArn=arn))
        timed("RestoreTableToPointInTime (1,000 items changed since)",
              lambda: ddb.restore_table_to_point_in_time(SourceTableName="grades", TargetTableName="from-pitr",
                                                         UseLatestRestorableTime=True))
        s3.create_bucket(Bucket="lake")
        table_arn = ddb.describe_table(TableName="grades")["Table"]["TableArn"]

        def export():
            e = ddb.export_table_to_point_in_time(TableArn=table_arn, S3Bucket="lake")["ExportDescription"]
            return wait(lambda: ddb.describe_export(ExportArn=e["ExportArn"]), "ExportDescription", "ExportStatus")

        exported = timed("ExportTableToPointInTime until COMPLETED", export)
        export_id = exported["ExportArn"].rsplit("/", 1)[1]

        def import_():
            i = ddb.import_table(
                S3BucketSource={"S3Bucket": "lake", "S3KeyPrefix": f"AWSDynamoDB/{export_id}/data/"},
                InputFormat="DYNAMODB_JSON", InputCompressionType="GZIP",
                TableCreationParameters={"TableName": "imported", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                                         "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                                         "BillingMode": "PAY_PER_REQUEST"})["ImportTableDescription"]
            return wait(lambda: ddb.describe_import(ImportArn=i["ImportArn"]), "ImportTableDescription", "ImportStatus")

        imported = timed("ImportTable until COMPLETED", import_)
        counts = {t: ddb.describe_table(TableName=t)["Table"]["ItemCount"] for t in ("from-backup", "from-pitr", "imported")}
        print(f"items: export {exported['ItemCount']} ({exported['ExportStatus']}), import {imported['ImportedItemCount']} "
              f"({imported['ImportStatus']}), tables {counts}")
        ok = all(n == args.items for n in counts.values()) and exported["ItemCount"] == args.items
        return 0 if ok else 1
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
