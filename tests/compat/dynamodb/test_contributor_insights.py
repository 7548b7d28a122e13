"""DynamoDB Contributor Insights through boto3 and the awscli: UpdateContributorInsights,
DescribeContributorInsights and ListContributorInsights, for tables and their global secondary indexes.

Expected answers are those recorded against AWS:
- the ACK DynamoDB controller's API probes of 2026-10-08/09 (docs/api-quirks/table-subresources.md and
  details/DDB-TABLE-*.md; cited "ACK DDB-TABLE-<n>");
- the aws-cli examples (awscli/examples/dynamodb/{update,describe,list}-contributor-insights.rst), real outputs
  of 2019 that predate ContributorInsightsMode (cited "CLI example");
- the developer guide (contributorinsights_HowItWorks, contributorinsights_tutorial, Contributor_Insights_IAM)
  and the API reference, where no probe shows a thing (cited "DG" / "APIREF"); "GUESS" marks what no source shows.
Departure, on purpose: DynamoDB answers ENABLING (DISABLING) and settles to ENABLED (DISABLED) one to a few
seconds later; tarn settles at once. So the tests poll DescribeContributorInsights until the status they wait
for, like a waiter (settled()), which returns at the first call on tarn and holds on AWS too.

Debian's boto3 1.26 predates ContributorInsightsMode (2025): it neither sends nor parses the member. So the
calls whose requests or answers carry the mode go through exact_json's wire (the JSON as sent and answered),
which works with either botocore; LastUpdateDateTime is then the wire's epoch seconds."""
import json
import re
import signal
import time

import botocore.exceptions
import pytest

from exact_json import send_raw, wire

ACCESSED = "ACCESSED_AND_THROTTLED_KEYS"  # the default mode (DG tutorial, ACK DDB-TABLE-090)
THROTTLED = "THROTTLED_KEYS"
RULE = re.compile(r"^DynamoDBContributorInsights-(?P<kind>PKC|SKC|PKT|SKT)-(?P<resource>.+)-(?P<ms>\d{13})$")
SKEW_MS = 5000  # between this machine's clock and the server's
SETTLE_SECONDS = 60  # AWS took 1-16 s to settle (ACK DDB-TABLE-090/337)


def error_of(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    r = e.value.response
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 400
    return r["Error"]["Code"], r["Error"]["Message"]


def key_schema(*keys):
    return [{"AttributeName": k, "KeyType": t} for k, t in zip(keys, ("HASH", "RANGE"))]


def gsi(name, *keys):
    return {"IndexName": name, "KeySchema": key_schema(*keys), "Projection": {"ProjectionType": "KEYS_ONLY"}}


def create_table(ddb, name, keys=("id",), gsis=(), lsis=()):
    """An on-demand table of string attributes with the given key and indexes."""
    attributes = set(keys)
    for index in (*gsis, *lsis):
        attributes.update(k["AttributeName"] for k in index["KeySchema"])
    extra = {}
    if gsis:
        extra["GlobalSecondaryIndexes"] = list(gsis)
    if lsis:
        extra["LocalSecondaryIndexes"] = list(lsis)
    ddb.create_table(TableName=name, KeySchema=key_schema(*keys), BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in sorted(attributes)],
                     **extra)
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    return ddb.describe_table(TableName=name)["Table"]


def songs(ddb, name="songs"):
    """artist+song, a hash-only GSI by-genre, a hash+range GSI by-album and an LSI by-year."""
    return create_table(ddb, name, keys=("artist", "song"),
                        gsis=[gsi("by-album", "album", "track"), gsi("by-genre", "genre")],
                        lsis=[{"IndexName": "by-year", "KeySchema": key_schema("artist", "year"),
                               "Projection": {"ProjectionType": "ALL"}}])


def target(table, index=None, **more):
    body = {"TableName": table}
    if index:
        body["IndexName"] = index
    body.update(more)
    return body


def update(ddb, table, action="ENABLE", index=None, mode=None):
    """UpdateContributorInsights' answer as sent (it carries ContributorInsightsMode)."""
    body = target(table, index, ContributorInsightsAction=action)
    if mode:
        body["ContributorInsightsMode"] = mode
    return wire(ddb, "UpdateContributorInsights", **body)


def describe(ddb, table, index=None):
    return wire(ddb, "DescribeContributorInsights", **target(table, index))


def settled(ddb, table, status, index=None):
    """Describe, polled until `status` (tarn answers it at the first call, DynamoDB within seconds)."""
    deadline = time.time() + SETTLE_SECONDS
    while True:
        described = describe(ddb, table, index)
        if described["ContributorInsightsStatus"] == status or time.time() > deadline:
            assert described["ContributorInsightsStatus"] == status, described
            return described
        time.sleep(0.5)


def enable(ddb, table, index=None, mode=None):
    """ENABLE, then the description once ENABLED."""
    answer = update(ddb, table, "ENABLE", index, mode)
    assert answer["ContributorInsightsStatus"] in ("ENABLING", "ENABLED"), answer
    return settled(ddb, table, "ENABLED", index)


def rules(resource, stamp, *kinds):
    return [f"DynamoDBContributorInsights-{kind}-{resource}-{stamp}" for kind in kinds]


def stamp_of(described):
    """The one creation-time suffix every rule of a description shares (DG HowItWorks, ACK DDB-TABLE-112)."""
    stamps = {RULE.match(r)["ms"] for r in described["ContributorInsightsRuleList"]}
    assert len(stamps) == 1, described
    return stamps.pop()


def never_enabled(table, index=None):
    """A table or index insights were never enabled on is described by its status alone (ACK DDB-TABLE-089/343)."""
    return dict(target(table, index), ContributorInsightsStatus="DISABLED")


def listed(ddb, **body):
    """Every summary ListContributorInsights gives, page by page, and the pages' sizes."""
    summaries, sizes = [], []
    while True:
        page = wire(ddb, "ListContributorInsights", **body)
        summaries += page["ContributorInsightsSummaries"]
        sizes.append(len(page["ContributorInsightsSummaries"]))
        if "NextToken" not in page:
            return summaries, sizes
        assert page["NextToken"]
        body = dict(body, NextToken=page["NextToken"])


def summary(table, index=None, mode=ACCESSED):
    return dict(target(table, index), ContributorInsightsStatus="ENABLED", ContributorInsightsMode=mode)


def by_entry(summaries):
    return sorted(summaries, key=lambda s: (s["TableName"], s.get("IndexName", "")))


def test_never_enabled_table(tarn):
    # ACK DDB-TABLE-089/343: exactly TableName and DISABLED; no rules, mode or LastUpdateDateTime.
    # ACK DDB-TABLE-095: a table with nothing enabled lists nothing, and no NextToken.
    ddb = tarn.client("dynamodb")
    create_table(ddb, "quiet")
    assert describe(ddb, "quiet") == never_enabled("quiet")
    # botocore parses the same (the status is all Debian's model and the new one agree on).
    parsed = ddb.describe_contributor_insights(TableName="quiet")
    assert {k: v for k, v in parsed.items() if k != "ResponseMetadata"} == never_enabled("quiet")
    assert wire(ddb, "ListContributorInsights", TableName="quiet") == {"ContributorInsightsSummaries": []}
    assert listed(ddb)[0] == []


def test_enable_on_a_table_with_a_sort_key(tarn):
    # ACK DDB-TABLE-090: ENABLE answers ENABLING with the default mode. The CLI example: four rules
    # PKC, SKC, PKT, SKT sharing the creation time in ms, and LastUpdateDateTime.
    ddb = tarn.client("dynamodb")
    create_table(ddb, "MusicCollection", keys=("Artist", "SongTitle"))
    before = time.time() * 1000
    assert update(ddb, "MusicCollection") == {"TableName": "MusicCollection", "ContributorInsightsStatus": "ENABLING",
                                              "ContributorInsightsMode": ACCESSED}
    described = settled(ddb, "MusicCollection", "ENABLED")
    after = time.time() * 1000
    assert set(described) == {"TableName", "ContributorInsightsRuleList", "ContributorInsightsStatus",
                              "LastUpdateDateTime", "ContributorInsightsMode"}
    assert described["TableName"] == "MusicCollection" and described["ContributorInsightsMode"] == ACCESSED
    stamp = stamp_of(described)
    assert described["ContributorInsightsRuleList"] == rules("MusicCollection", stamp, "PKC", "SKC", "PKT", "SKT")
    # The suffix is when the rules were made, at the ENABLE; LastUpdateDateTime is that or later (ACK DDB-TABLE-112).
    assert before - SKEW_MS <= int(stamp) <= after + SKEW_MS
    assert isinstance(described["LastUpdateDateTime"], (int, float))  # epoch seconds on the wire (CLI example)
    updated = described["LastUpdateDateTime"] * 1000
    assert int(stamp) <= updated + 1 and before - SKEW_MS <= updated <= after + SKEW_MS
    # botocore's own parse agrees (ContributorInsightsStatus, rules, a datetime).
    parsed = ddb.describe_contributor_insights(TableName="MusicCollection")
    assert parsed["ContributorInsightsRuleList"] == described["ContributorInsightsRuleList"]
    assert abs(parsed["LastUpdateDateTime"].timestamp() * 1000 - updated) < 1000
    # Contributor Insights shows nowhere in DescribeTable (the model).
    table = ddb.describe_table(TableName="MusicCollection")["Table"]
    assert not [k for k in table if "ContributorInsights" in k]


def test_enable_on_a_hash_only_table(tarn):
    # ACK DDB-TABLE-092: a hash-only table has PKC and PKT, in that order.
    ddb = tarn.client("dynamodb")
    create_table(ddb, "ackq-244c78-i1")
    described = enable(ddb, "ackq-244c78-i1")
    assert described["ContributorInsightsRuleList"] == rules("ackq-244c78-i1", stamp_of(described), "PKC", "PKT")
    assert described["ContributorInsightsMode"] == ACCESSED


def test_global_index_has_its_own_setting(tarn):
    # ACK DDB-TABLE-112: an index's rules are named "<table>-<index>" after the index's own key schema;
    # ACK DDB-TABLE-094: the table and each index are set independently.
    ddb = tarn.client("dynamodb")
    songs(ddb)
    # Never enabled: the index is described like the table (GUESS: IndexName added by symmetry).
    assert describe(ddb, "songs", "by-genre") == never_enabled("songs", "by-genre")

    assert update(ddb, "songs", index="by-genre") == {
        "TableName": "songs", "IndexName": "by-genre", "ContributorInsightsStatus": "ENABLING",
        "ContributorInsightsMode": ACCESSED}
    genre = settled(ddb, "songs", "ENABLED", "by-genre")
    assert genre["TableName"] == "songs" and genre["IndexName"] == "by-genre"
    assert genre["ContributorInsightsRuleList"] == rules("songs-by-genre", stamp_of(genre), "PKC", "PKT")
    # The table and the other index are untouched.
    assert describe(ddb, "songs") == never_enabled("songs")
    assert describe(ddb, "songs", "by-album") == never_enabled("songs", "by-album")

    album = enable(ddb, "songs", "by-album")
    assert album["ContributorInsightsRuleList"] == rules("songs-by-album", stamp_of(album), "PKC", "SKC", "PKT", "SKT")
    table = enable(ddb, "songs")
    assert table["ContributorInsightsRuleList"] == rules("songs", stamp_of(table), "PKC", "SKC", "PKT", "SKT")
    assert "IndexName" not in table

    # Disabling the table leaves its indexes enabled, as they were.
    assert update(ddb, "songs", "DISABLE")["ContributorInsightsStatus"] == "DISABLING"
    settled(ddb, "songs", "DISABLED")
    assert describe(ddb, "songs", "by-genre") == genre
    assert describe(ddb, "songs", "by-album") == album


def test_unknown_table_and_index(tarn):
    # ACK DDB-TABLE-094/097/098/137/161: a local index or an unknown one is "not found for table", an unknown
    # table "not found", for all three operations (List with TableName too: no empty page).
    ddb = tarn.client("dynamodb")
    songs(ddb)
    for index in ("by-year", "no-such-index"):
        expected = ("ResourceNotFoundException",
                    f"Requested resource not found: Index: {index} not found for table: songs")
        assert error_of(describe, ddb=ddb, table="songs", index=index) == expected
        for action in ("ENABLE", "DISABLE"):
            assert error_of(update, ddb=ddb, table="songs", action=action, index=index) == expected
    missing = ("ResourceNotFoundException", "Requested resource not found: Table: nowhere not found")
    assert error_of(describe, ddb=ddb, table="nowhere") == missing
    assert error_of(describe, ddb=ddb, table="nowhere", index="by-genre") == missing
    for action in ("ENABLE", "DISABLE"):
        assert error_of(update, ddb=ddb, table="nowhere", action=action) == missing
    assert error_of(ddb.list_contributor_insights, TableName="nowhere") == missing
    # Nothing was enabled along the way.
    assert listed(ddb)[0] == []


def test_throttled_keys_mode(tarn):
    # DG / ACK DDB-TABLE-092/341: THROTTLED_KEYS keeps only the throttled-key rules; a change of mode goes
    # through ENABLING and keeps the rules' suffix; ENABLE without a mode turns the default mode back on.
    ddb = tarn.client("dynamodb")
    create_table(ddb, "hash-only")
    assert update(ddb, "hash-only", mode=THROTTLED) == {
        "TableName": "hash-only", "ContributorInsightsStatus": "ENABLING", "ContributorInsightsMode": THROTTLED}
    throttled = settled(ddb, "hash-only", "ENABLED")
    assert throttled["ContributorInsightsMode"] == THROTTLED
    assert throttled["ContributorInsightsRuleList"] == rules("hash-only", stamp_of(throttled), "PKT")

    create_table(ddb, "ranged", keys=("id", "at"))
    first = enable(ddb, "ranged")
    stamp = stamp_of(first)
    assert first["ContributorInsightsRuleList"] == rules("ranged", stamp, "PKC", "SKC", "PKT", "SKT")
    # Narrowed: 4 -> 2 rules that keep the original suffix (ACK DDB-TABLE-341).
    assert update(ddb, "ranged", mode=THROTTLED) == {
        "TableName": "ranged", "ContributorInsightsStatus": "ENABLING", "ContributorInsightsMode": THROTTLED}
    narrowed = settled(ddb, "ranged", "ENABLED")
    assert narrowed["ContributorInsightsMode"] == THROTTLED
    assert narrowed["ContributorInsightsRuleList"] == rules("ranged", stamp, "PKT", "SKT")
    assert narrowed["LastUpdateDateTime"] >= first["LastUpdateDateTime"]
    # ENABLE with no mode reverts to the default (ACK DDB-TABLE-092); the new accessed-key rules take the
    # same suffix (GUESS: DG says the throttled rules are kept, the list stays uniform).
    assert update(ddb, "ranged") == {
        "TableName": "ranged", "ContributorInsightsStatus": "ENABLING", "ContributorInsightsMode": ACCESSED}
    widened = settled(ddb, "ranged", "ENABLED")
    assert widened["ContributorInsightsMode"] == ACCESSED
    assert widened["ContributorInsightsRuleList"] == rules("ranged", stamp, "PKC", "SKC", "PKT", "SKT")


def test_asking_for_the_current_state_changes_nothing(tarn):
    # ACK DDB-TABLE-091/092/341: ENABLE on ENABLED with the same mode (or none, the default being current)
    # answers ENABLED and changes neither the rules nor LastUpdateDateTime; DISABLE on DISABLED answers DISABLED.
    ddb = tarn.client("dynamodb")
    songs(ddb)
    table = enable(ddb, "songs")
    time.sleep(0.002)  # so that a new LastUpdateDateTime or suffix would show
    for mode in (None, ACCESSED):
        assert update(ddb, "songs", mode=mode) == {
            "TableName": "songs", "ContributorInsightsStatus": "ENABLED", "ContributorInsightsMode": ACCESSED}
    assert describe(ddb, "songs") == table

    index = enable(ddb, "songs", "by-genre", mode=THROTTLED)
    time.sleep(0.002)
    assert update(ddb, "songs", index="by-genre", mode=THROTTLED) == {
        "TableName": "songs", "IndexName": "by-genre", "ContributorInsightsStatus": "ENABLED",
        "ContributorInsightsMode": THROTTLED}
    assert describe(ddb, "songs", "by-genre") == index

    # DISABLE where insights were never enabled: DISABLED, and (GUESS, as Describe) no mode.
    create_table(ddb, "quiet")
    assert update(ddb, "quiet", "DISABLE") == never_enabled("quiet")
    assert update(ddb, "songs", "DISABLE", index="by-album") == never_enabled("songs", "by-album")
    assert describe(ddb, "quiet") == never_enabled("quiet")
    assert describe(ddb, "songs", "by-album") == never_enabled("songs", "by-album")


def test_disable_keeps_the_mode_and_drops_the_rules(tarn):
    # ACK DDB-TABLE-089/090/092/093: DISABLE answers DISABLING with the current mode (one sent along is accepted
    # and ignored); once DISABLED, Describe keeps LastUpdateDateTime and the mode but no rules; ENABLE again
    # at once makes rules with a new suffix.
    ddb = tarn.client("dynamodb")
    create_table(ddb, "ackq-244c78-i1")
    enabled = enable(ddb, "ackq-244c78-i1")
    first = stamp_of(enabled)
    assert update(ddb, "ackq-244c78-i1", "DISABLE", mode=THROTTLED) == {
        "TableName": "ackq-244c78-i1", "ContributorInsightsStatus": "DISABLING", "ContributorInsightsMode": ACCESSED}
    disabled = settled(ddb, "ackq-244c78-i1", "DISABLED")
    assert set(disabled) == {"TableName", "ContributorInsightsStatus", "LastUpdateDateTime", "ContributorInsightsMode"}
    assert disabled["ContributorInsightsMode"] == ACCESSED
    assert disabled["LastUpdateDateTime"] >= enabled["LastUpdateDateTime"]
    assert wire(ddb, "ListContributorInsights", TableName="ackq-244c78-i1") == {"ContributorInsightsSummaries": []}
    assert update(ddb, "ackq-244c78-i1", "DISABLE")["ContributorInsightsStatus"] == "DISABLED"
    assert describe(ddb, "ackq-244c78-i1") == disabled

    time.sleep(0.002)  # a later millisecond for the new rules
    assert update(ddb, "ackq-244c78-i1") == {
        "TableName": "ackq-244c78-i1", "ContributorInsightsStatus": "ENABLING", "ContributorInsightsMode": ACCESSED}
    again = settled(ddb, "ackq-244c78-i1", "ENABLED")
    second = stamp_of(again)
    assert int(second) > int(first)
    assert again["ContributorInsightsRuleList"] == rules("ackq-244c78-i1", second, "PKC", "PKT")


def test_list_contributor_insights(tarn):
    # ACK DDB-TABLE-094/095/340/343: only what is enabled is listed, each summary with its mode; with
    # TableName, the table comes before its indexes; DISABLED entries and local indexes never show.
    ddb = tarn.client("dynamodb")
    songs(ddb, "alpha")
    create_table(ddb, "beta")
    create_table(ddb, "gamma")
    for table, index, mode in (("alpha", None, None), ("alpha", "by-album", None), ("alpha", "by-genre", THROTTLED),
                               ("beta", None, THROTTLED), ("gamma", None, None)):
        enable(ddb, table, index, mode)
    update(ddb, "gamma", "DISABLE")
    settled(ddb, "gamma", "DISABLED")

    alpha = [summary("alpha"), summary("alpha", "by-album"), summary("alpha", "by-genre", THROTTLED)]
    everything = alpha + [summary("beta", mode=THROTTLED)]
    page = wire(ddb, "ListContributorInsights", TableName="alpha")
    assert set(page) == {"ContributorInsightsSummaries"}
    got = page["ContributorInsightsSummaries"]
    assert got[0] == summary("alpha") and by_entry(got) == alpha
    assert wire(ddb, "ListContributorInsights", TableName="beta") == {
        "ContributorInsightsSummaries": [summary("beta", mode=THROTTLED)]}
    assert wire(ddb, "ListContributorInsights", TableName="gamma") == {"ContributorInsightsSummaries": []}
    # Account-wide, in an order DynamoDB does not document; every entry once.
    got, _ = listed(ddb)
    assert len(got) == len(everything) and by_entry(got) == everything
    # botocore parses the summaries (the status is all Debian's model knows of).
    parsed = ddb.list_contributor_insights(TableName="beta")["ContributorInsightsSummaries"]
    assert [(s["TableName"], s["ContributorInsightsStatus"]) for s in parsed] == [("beta", "ENABLED")]


def test_list_contributor_insights_pages(tarn):
    # ACK DDB-TABLE-095/344/399: MaxResults caps a page, NextToken leads on, the last page has none; with
    # TableName there is no empty page at the end. Account-wide, DynamoDB may also answer empty pages that
    # carry a NextToken (ACK DDB-TABLE-344), so only the entries are compared there.
    ddb = tarn.client("dynamodb")
    songs(ddb, "alpha")
    create_table(ddb, "beta")
    create_table(ddb, "delta", keys=("id", "at"))
    for table, index in (("alpha", None), ("alpha", "by-album"), ("alpha", "by-genre"), ("beta", None),
                         ("delta", None)):
        enable(ddb, table, index)
    everything = [summary("alpha"), summary("alpha", "by-album"), summary("alpha", "by-genre"), summary("beta"),
                  summary("delta")]

    for size in (1, 2, 100):
        got, sizes = listed(ddb, MaxResults=size)
        assert max(sizes) <= size, sizes
        assert len(got) == len(everything) and by_entry(got) == everything, size
    got, sizes = listed(ddb, TableName="alpha", MaxResults=1)
    assert sizes == [1, 1, 1] and got[0] == summary("alpha") and by_entry(got) == everything[:3]
    got, sizes = listed(ddb, TableName="alpha", MaxResults=2)
    assert sizes == [2, 1] and by_entry(got) == everything[:3]
    assert listed(ddb, TableName="alpha", MaxResults=3)[1] == [3]

    # MaxResults is at most 100 (APIREF; botocore does not check the maximum). The message is DynamoDB's
    # generic validator's (GUESS: not recorded for this member).
    code, message = error_of(ddb.list_contributor_insights, MaxResults=101)
    assert code == "ValidationException" and "'maxResults'" in message
    # A token DynamoDB never gave (GUESS: ValidationException).
    assert error_of(send_raw, client=ddb, operation="ListContributorInsights",
                    body={"NextToken": "not-a-token"})[0] == "ValidationException"


def test_table_arn_as_table_name(tarn):
    # APIREF and ACK DDB-TABLE-011: TableName may be the table's ARN; the answers name the table
    # (GUESS for Update and List, as DescribeTable with an ARN does).
    ddb = tarn.client("dynamodb")
    arn = songs(ddb)["TableArn"]
    assert describe(ddb, arn) == never_enabled("songs")
    assert update(ddb, arn) == {"TableName": "songs", "ContributorInsightsStatus": "ENABLING",
                                "ContributorInsightsMode": ACCESSED}
    assert update(ddb, arn, index="by-genre")["IndexName"] == "by-genre"
    table = settled(ddb, "songs", "ENABLED")
    index = settled(ddb, "songs", "ENABLED", "by-genre")
    assert describe(ddb, arn) == table and describe(ddb, arn, "by-genre") == index
    assert table["ContributorInsightsRuleList"][0].startswith("DynamoDBContributorInsights-PKC-songs-")
    got = wire(ddb, "ListContributorInsights", TableName=arn)["ContributorInsightsSummaries"]
    assert by_entry(got) == [summary("songs"), summary("songs", "by-genre")]


def test_deleted_table_forgets_its_setting(tarn):
    # ACK DDB-TABLE-097/342/455: DeleteTable needs no DISABLE; once the table is gone the operations find no
    # table, and a new table of the same name starts never enabled.
    ddb = tarn.client("dynamodb")
    songs(ddb)
    enable(ddb, "songs")
    enable(ddb, "songs", "by-genre")
    ddb.delete_table(TableName="songs")
    ddb.get_waiter("table_not_exists").wait(TableName="songs", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    missing = ("ResourceNotFoundException", "Requested resource not found: Table: songs not found")
    assert error_of(describe, ddb=ddb, table="songs") == missing
    assert error_of(update, ddb=ddb, table="songs", action="DISABLE") == missing
    assert error_of(ddb.list_contributor_insights, TableName="songs") == missing
    assert listed(ddb)[0] == []

    songs(ddb)
    assert describe(ddb, "songs") == never_enabled("songs")
    assert describe(ddb, "songs", "by-genre") == never_enabled("songs", "by-genre")
    assert wire(ddb, "ListContributorInsights", TableName="songs") == {"ContributorInsightsSummaries": []}


def test_restored_table_starts_never_enabled(tarn):
    # GUESS: no probe shows it. Contributor Insights are CloudWatch rules, not part of a backup, and the
    # developer guide has CloudWatch alarms and metrics set up again after a restore; the source keeps its own.
    ddb = tarn.client("dynamodb")
    songs(ddb)
    table = enable(ddb, "songs", mode=THROTTLED)
    index = enable(ddb, "songs", "by-genre")
    arn = ddb.create_backup(TableName="songs", BackupName="nightly")["BackupDetails"]["BackupArn"]
    ddb.restore_table_from_backup(TargetTableName="songs-copy", BackupArn=arn)
    ddb.get_waiter("table_exists").wait(TableName="songs-copy", WaiterConfig={"Delay": 5, "MaxAttempts": 240})
    assert describe(ddb, "songs-copy") == never_enabled("songs-copy")
    assert describe(ddb, "songs-copy", "by-genre") == never_enabled("songs-copy", "by-genre")
    assert wire(ddb, "ListContributorInsights", TableName="songs-copy") == {"ContributorInsightsSummaries": []}
    assert describe(ddb, "songs") == table and describe(ddb, "songs", "by-genre") == index


@pytest.mark.tarn_only
def test_settings_survive_kill_9(tarn):
    ddb = tarn.client("dynamodb")
    songs(ddb)
    create_table(ddb, "once")
    table = enable(ddb, "songs", mode=THROTTLED)
    index = enable(ddb, "songs", "by-album")
    enable(ddb, "once")
    update(ddb, "once", "DISABLE")
    once = settled(ddb, "once", "DISABLED")
    entries = listed(ddb)[0]

    tarn.stop(sig=signal.SIGKILL)
    tarn.start()
    ddb = tarn.client("dynamodb")
    assert describe(ddb, "songs") == table
    assert describe(ddb, "songs", "by-album") == index
    assert describe(ddb, "songs", "by-genre") == never_enabled("songs", "by-genre")
    assert describe(ddb, "once") == once
    assert listed(ddb)[0] == entries
    # And they still change: the index's mode, keeping its suffix.
    assert update(ddb, "songs", index="by-album", mode=THROTTLED)["ContributorInsightsStatus"] == "ENABLING"
    assert settled(ddb, "songs", "ENABLED", "by-album")["ContributorInsightsRuleList"] == rules(
        "songs-by-album", stamp_of(index), "PKT", "SKT")


def iam_user(tarn, name, *statements):
    """A dynamodb client of a new IAM user whose one policy has these statements."""
    iam = tarn.client("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="insights", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": list(statements)}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return tarn.client("dynamodb", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])


def denied(call, action, resource=None, **kwargs):
    """AccessDeniedException, its message naming the action and the resource (IAM's "User: ... is not
    authorized to perform: <action> on resource: <arn> ...")."""
    code, message = error_of(call, **kwargs)
    assert code == "AccessDeniedException"
    assert action in message and (resource is None or resource in message), message
    return message


def test_iam_describe_only(tarn):
    """DescribeContributorInsights and UpdateContributorInsights act on the table, or on the index IndexName
    names; ListContributorInsights on "*" (the service authorization reference)."""
    ddb = tarn.client("dynamodb")
    arn = songs(ddb)["TableArn"]
    reader = iam_user(tarn, "reader", {"Effect": "Allow", "Action": "dynamodb:DescribeContributorInsights",
                                       "Resource": arn})
    assert describe(reader, "songs") == never_enabled("songs")
    denied(lambda: update(reader, "songs"), "dynamodb:UpdateContributorInsights", arn)
    # The index is a resource of its own: allowing the table does not allow it.
    denied(lambda: describe(reader, "songs", "by-genre"), "dynamodb:DescribeContributorInsights",
           arn + "/index/by-genre")
    denied(reader.list_contributor_insights, "dynamodb:ListContributorInsights")
    assert describe(ddb, "songs") == never_enabled("songs")

    lister = iam_user(tarn, "lister", {"Effect": "Allow", "Action": "dynamodb:ListContributorInsights",
                                       "Resource": "*"})
    assert listed(lister)[0] == []
    denied(lambda: describe(lister, "songs"), "dynamodb:DescribeContributorInsights", arn)


def test_iam_index_resource(tarn):
    """DG Contributor_Insights_IAM: a Deny on the index's ARN keeps that index from being changed while the table
    and other indexes may be. (iam:CreateServiceLinkedRole: the first ENABLE in an account makes DynamoDB's
    service-linked role for Contributor Insights, DG.)"""
    ddb = tarn.client("dynamodb")
    arn = songs(ddb)["TableArn"]
    user = iam_user(
        tarn, "operator",
        {"Effect": "Allow", "Action": ["dynamodb:UpdateContributorInsights", "dynamodb:DescribeContributorInsights"],
         "Resource": [arn, arn + "/index/*"]},
        {"Effect": "Deny", "Action": "dynamodb:UpdateContributorInsights", "Resource": arn + "/index/by-genre"},
        {"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*",
         "Condition": {"StringLike": {"iam:AWSServiceName": "contributorinsights.dynamodb.amazonaws.com"}}})
    assert update(user, "songs")["ContributorInsightsStatus"] == "ENABLING"
    assert update(user, "songs", index="by-album")["ContributorInsightsStatus"] == "ENABLING"
    denied(lambda: update(user, "songs", index="by-genre"), "dynamodb:UpdateContributorInsights",
           arn + "/index/by-genre")
    assert settled(user, "songs", "ENABLED")["TableName"] == "songs"
    assert settled(user, "songs", "ENABLED", "by-album")["IndexName"] == "by-album"
    assert describe(user, "songs", "by-genre") == never_enabled("songs", "by-genre")
    # The caller without the Deny may.
    assert update(ddb, "songs", index="by-genre")["ContributorInsightsStatus"] == "ENABLING"


def test_the_awscli_enables_describes_and_lists(tarn):
    # The CLI examples' commands ({update,describe,list}-contributor-insights.rst). Debian's awscli 2.9 knows no
    # --contributor-insights-mode and shows no mode, so neither is used here.
    ddb = tarn.client("dynamodb")
    create_table(ddb, "MusicCollection", keys=("Artist", "SongTitle"),
                 gsis=[gsi("AlbumTitle-index", "AlbumTitle")])

    def aws(*args):
        out = tarn.aws("dynamodb", *args, "--region", "us-east-1", "--output", "json")
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    answer = aws("update-contributor-insights", "--table-name", "MusicCollection",
                 "--index-name", "AlbumTitle-index", "--contributor-insights-action", "ENABLE")
    assert {k: answer[k] for k in ("TableName", "IndexName", "ContributorInsightsStatus")} == {
        "TableName": "MusicCollection", "IndexName": "AlbumTitle-index", "ContributorInsightsStatus": "ENABLING"}
    answer = aws("update-contributor-insights", "--table-name", "MusicCollection",
                 "--contributor-insights-action", "ENABLE")
    assert answer["ContributorInsightsStatus"] == "ENABLING" and "IndexName" not in answer
    index = settled(ddb, "MusicCollection", "ENABLED", "AlbumTitle-index")
    table = settled(ddb, "MusicCollection", "ENABLED")

    described = aws("describe-contributor-insights", "--table-name", "MusicCollection")
    assert described["ContributorInsightsStatus"] == "ENABLED"
    assert described["ContributorInsightsRuleList"] == rules("MusicCollection", stamp_of(table),
                                                             "PKC", "SKC", "PKT", "SKT")
    assert "LastUpdateDateTime" in described
    described = aws("describe-contributor-insights", "--table-name", "MusicCollection",
                    "--index-name", "AlbumTitle-index")
    assert described["IndexName"] == "AlbumTitle-index"
    assert described["ContributorInsightsRuleList"] == rules("MusicCollection-AlbumTitle-index",
                                                             stamp_of(index), "PKC", "PKT")
    listed_by_cli = aws("list-contributor-insights", "--table-name", "MusicCollection")["ContributorInsightsSummaries"]
    assert [(s["TableName"], s.get("IndexName"), s["ContributorInsightsStatus"]) for s in listed_by_cli] == [
        ("MusicCollection", None, "ENABLED"), ("MusicCollection", "AlbumTitle-index", "ENABLED")]

    missing = tarn.aws("dynamodb", "describe-contributor-insights", "--table-name", "Nowhere", "--region", "us-east-1")
    assert missing.returncode != 0 and "ResourceNotFoundException" in missing.stderr
