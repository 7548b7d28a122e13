"""Lambda answers recorded on AWS by LocalStack's validated test_lambda_api.py that tarn once gave
differently: a function named by an ARN of another region is out of reach, a name has at most 64
characters, DeleteFunction compares the two qualifiers first and deletes a version that does not
exist as a success, UpdateFunctionConfiguration's LastUpdateStatusReason is Lambda's own, CreateAlias on a
missing function names the version asked for."""
import io
import zipfile

import pytest
from client_errors import error_of

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def make_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return event\n")
    return buf.getvalue()


@pytest.fixture
def lam(tarn):
    tarn.lambda_role()
    client = tarn.client("lambda")
    client.create_function(FunctionName="fn", Runtime="python3.11", Role=ROLE, Handler="app.handler",
                           Code={"ZipFile": make_zip()})
    return client


def test_a_function_of_another_region_is_out_of_reach(lam):
    # test_get_function_wrong_region, test_function_arns[function_arn_other_region_exc].
    other = "arn:aws:lambda:ap-southeast-1:000000000000:function:fn"
    message = "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')"
    assert error_of(lam.get_function, FunctionName=other) == (404, "ResourceNotFoundException", message)
    assert error_of(lam.get_function_configuration, FunctionName=other) == (404, "ResourceNotFoundException",
                                                                            message)
    assert error_of(lam.invoke, FunctionName=other, Payload=b"{}") == (404, "ResourceNotFoundException", message)
    assert error_of(lam.delete_function, FunctionName=other) == (404, "ResourceNotFoundException", message)
    assert error_of(lam.delete_function, FunctionName=other, Qualifier="7") == (404, "ResourceNotFoundException",
                                                                               message)
    assert lam.get_function(FunctionName="fn")["Configuration"]["FunctionName"] == "fn"  # not deleted
    assert error_of(lam.create_function, FunctionName=other, Runtime="python3.11", Role=ROLE,
                    Handler="app.handler", Code={"ZipFile": make_zip()}) == (404, "ResourceNotFoundException",
                                                                             message)


def test_a_name_has_at_most_64_characters(lam):
    name = "a" * 65
    assert error_of(lam.create_function, FunctionName=name, Runtime="python3.11", Role=ROLE,
                    Handler="app.handler", Code={"ZipFile": make_zip()}) == (
        400, "InvalidParameterValueException",
        "1 validation error detected: Value '" + name + "' at 'functionName' failed to satisfy constraint: "
        "Member must have length less than or equal to 64")
    lam.create_function(FunctionName="b" * 64, Runtime="python3.11", Role=ROLE, Handler="app.handler",
                        Code={"ZipFile": make_zip()})


def test_delete_function_qualifiers(lam):
    # test_ops_with_arn_qualifier_mismatch[delete_function], test_delete_on_nonexisting_version.
    assert error_of(lam.delete_function, FunctionName=ARN + "fn:1", Qualifier="$LATEST") == (
        400, "InvalidParameterValueException",
        "The derived qualifier from the function name does not match the specified qualifier.")
    assert lam.delete_function(FunctionName="fn", Qualifier="1233")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert lam.delete_function(FunctionName="fn", Qualifier="1233")["ResponseMetadata"]["HTTPStatusCode"] == 204
    lam.delete_function(FunctionName="fn")
    assert error_of(lam.delete_function, FunctionName="fn", Qualifier="1233") == (
        404, "ResourceNotFoundException", "Function not found: " + ARN + "fn")


def test_update_configuration_status_reason(lam):
    # test_function_lifecycle's update_func_conf_response.
    updated = lam.update_function_configuration(FunctionName="fn", Timeout=10)
    assert updated["LastUpdateStatus"] == "InProgress"
    assert updated["LastUpdateStatusReason"] == "The function is being created."
    assert updated["LastUpdateStatusReasonCode"] == "Creating"


def test_create_alias_on_a_missing_function(lam):
    # test_notfound_and_invalid_routingconfigs[routing_config_exc_fn_doesnotexist].
    assert error_of(lam.create_alias, FunctionName="fn-unknown", Name="live", FunctionVersion="1") == (
        404, "ResourceNotFoundException", "Function not found: " + ARN + "fn-unknown:1")
