"""What a refused boto3 call answered, for tests that compare it with AWS's recorded answer."""
import botocore.exceptions
import pytest


def error_of(call, **kwargs):
    """(HTTP status, error code, message) of call(**kwargs), which must raise ClientError."""
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    r = e.value.response
    return r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Code"], r["Error"]["Message"]
