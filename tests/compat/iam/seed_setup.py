"""The seed's least-privilege set-up, built through the IAM API as an administrator would: a group
whose managed policy allows PutItem/GetItem on table `student` and S3 on one bucket prefix, a user in
it with tags and a permissions boundary, and an access key."""
import json

ACCOUNT = "000000000000"
REGION = "us-east-1"
BUCKET = "school-lake"
STUDENT_ARN = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/student"
USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/app"

APP_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "StudentWrites", "Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:GetItem"],
         "Resource": STUDENT_ARN},
        # Allowed by the group, but outside the boundary below: denied in the end.
        {"Sid": "DescribeMarks", "Effect": "Allow", "Action": "dynamodb:DescribeTable",
         "Resource": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/marks"},
        {"Sid": "StagingObjects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
         "Resource": f"arn:aws:s3:::{BUCKET}/staging/*"},
    ],
}
BOUNDARY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["dynamodb:*", "s3:*"],
                   "Resource": [STUDENT_ARN, f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"]}],
}


def build(iam):
    """Returns the app user's access key (AccessKeyId, SecretAccessKey)."""
    policy = iam.create_policy(PolicyName="student-app", PolicyDocument=json.dumps(APP_POLICY),
                               Description="PutItem/GetItem on student, objects under staging/")["Policy"]
    boundary = iam.create_policy(PolicyName="app-boundary", PolicyDocument=json.dumps(BOUNDARY))["Policy"]
    iam.create_group(GroupName="student-writers")
    iam.attach_group_policy(GroupName="student-writers", PolicyArn=policy["Arn"])
    iam.create_user(UserName="app", Tags=[{"Key": "project", "Value": "student-records"}],
                    PermissionsBoundary=boundary["Arn"])
    iam.add_user_to_group(GroupName="student-writers", UserName="app")
    key = iam.create_access_key(UserName="app")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def create_tables_and_bucket(tarn):
    ddb = tarn.client("dynamodb")
    for name in ("student", "marks"):
        ddb.create_table(TableName=name, AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    s3 = tarn.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="dw/student/part-0.parquet", Body=b"private")


def denial(action, resource, reason="no identity-based policy allows"):
    return (f"User: {USER_ARN} is not authorized to perform: {action} on resource: {resource} "
            f"because {reason} the {action} action")
