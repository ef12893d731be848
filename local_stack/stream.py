"""The table's stream feeding functions/notifications, as Lambda's event source mapping does.

moto keeps the table's stream (DynamoDB Streams API); this reads it and invokes the function
with what the template's mapping asks of AWS:

- records in stream order, only those the mapping's filter lets through, `BatchSize` at most
  per invocation, one batch at a time (one shard);
- partial batch responses: when the function reports failed records, the batch is retried
  from the first failed one (records after it come again too: the function's claims make a
  repeat harmless), after a short back-off;
- a function that throws has its batch split in two (`BisectBatchOnFunctionError`) until the
  failing record is alone;
- after `MaximumRetryAttempts` retries a failed record is parked (the on-failure destination):
  an entry in the shape Lambda sends to SQS, plus the ids of the notifications it held.

`settle()` waits until everything written before it was called has been sent or parked.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from local_stack.template import Template, resources_of_type

Record = dict[str, Any]
Invoke = Callable[[dict[str, Any]], Any]


def streams_client() -> Any:
    """A DynamoDB Streams client. Recent botocore sends stream calls to an account-specific
    endpoint (<account>.streams-ddb...), which moto's in-process mock does not route."""
    import boto3  # noqa: PLC0415
    from botocore.config import Config  # noqa: PLC0415

    return boto3.client("dynamodbstreams", config=Config(account_id_endpoint_mode="disabled"))


def stream_arn(dynamodb: Any, table_name: str) -> str:
    return str(dynamodb.describe_table(TableName=table_name)["Table"]["LatestStreamArn"])


class InvocationFailed(Exception):
    """The function threw (or timed out): the whole batch failed."""


@dataclass(frozen=True)
class MappingSettings:
    function_id: str
    batch_size: int
    max_retries: int
    bisect: bool
    filters: tuple[dict[str, Any], ...]

    @classmethod
    def from_template(cls, template: Template) -> MappingSettings:
        """The one DynamoDB stream mapping in the template (the notifications function's)."""
        import json  # noqa: PLC0415

        for function_id, properties in resources_of_type(
            template, "AWS::Serverless::Function"
        ).items():
            for event in properties.get("Events", {}).values():
                if event["Type"] != "DynamoDB":
                    continue
                mapping = event["Properties"]
                patterns = mapping.get("FilterCriteria", {}).get("Filters", [])
                return cls(
                    function_id=function_id,
                    batch_size=int(mapping.get("BatchSize", 100)),
                    max_retries=int(mapping.get("MaximumRetryAttempts", -1)),
                    bisect=bool(mapping.get("BisectBatchOnFunctionError", False)),
                    filters=tuple(json.loads(f["Pattern"]) for f in patterns),
                )
        raise LookupError("the template has no DynamoDB stream event")

    def lets_through(self, record: Record) -> bool:
        return not self.filters or any(_matches(p, record) for p in self.filters)


def _matches(pattern: Any, value: Any) -> bool:
    """Lambda's event filtering, for the exact-value patterns the template uses."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(
            key in value and _matches(inner, value[key]) for key, inner in pattern.items()
        )
    if isinstance(pattern, list):
        return value in pattern
    return bool(pattern == value)


def _sequence(record: Record) -> str:
    return str(record["dynamodb"]["SequenceNumber"])


def _notice_summary(record: Record) -> dict[str, str]:
    image = record.get("dynamodb", {}).get("NewImage", {})
    return {
        "notice_id": image.get("notice_id", {}).get("S", ""),
        "kind": image.get("kind", {}).get("S", ""),
    }


@dataclass
class EventSourceMapping:
    streams: Any  # a boto3 "dynamodbstreams" client
    stream_arn: str
    invoke: Invoke
    settings: MappingSettings
    backoff: Callable[[int], float] = lambda attempt: min(0.05 * 2**attempt, 1.0)
    parked: list[dict[str, Any]] = field(default_factory=list)
    _shard: str | None = None
    _last_sequence: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _rounds: threading.Condition = field(default_factory=threading.Condition)
    _delivered_through: float = 0.0  # when the last finished round began (monotonic)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    # ---- one round -------------------------------------------------------------------------

    def poll_once(self) -> int:
        """Read what the stream holds now and deliver it; how many records were read."""
        with self._lock:
            records = self._read()
            wanted = [r for r in records if self.settings.lets_through(r)]
            for start in range(0, len(wanted), self.settings.batch_size):
                self._deliver(wanted[start : start + self.settings.batch_size])
            return len(records)

    def drain(self) -> None:
        """Deliver everything written so far (for tests: no thread, no waiting)."""
        while self.poll_once():
            pass

    def _read(self) -> list[Record]:
        """The records after the last one read. A fresh iterator each round, from the last
        sequence number: moto replaces a table's stream object when it rolls back a failed
        transaction, and an old iterator would never see another record."""
        if self._shard is None:
            description = self.streams.describe_stream(StreamArn=self.stream_arn)
            self._shard = description["StreamDescription"]["Shards"][0]["ShardId"]
        position: dict[str, str] = {"ShardIteratorType": "TRIM_HORIZON"}
        if self._last_sequence is not None:
            position = {
                "ShardIteratorType": "AFTER_SEQUENCE_NUMBER",
                "SequenceNumber": self._last_sequence,
            }
        iterator = self.streams.get_shard_iterator(
            StreamArn=self.stream_arn, ShardId=self._shard, **position
        )["ShardIterator"]
        records = self.streams.get_records(ShardIterator=iterator, Limit=1000).get("Records", [])
        if records:
            self._last_sequence = _sequence(records[-1])
        return [self._as_event_record(r) for r in records]

    def _as_event_record(self, record: Record) -> Record:
        """What Lambda hands the function: the stream record, its source ARN added, times as
        epoch seconds (as in the event, not the API's timestamps)."""
        dynamodb = dict(record["dynamodb"])
        created = dynamodb.get("ApproximateCreationDateTime")
        if isinstance(created, datetime):
            dynamodb["ApproximateCreationDateTime"] = int(created.timestamp())
        return {**record, "dynamodb": dynamodb, "eventSourceARN": self.stream_arn}

    def _deliver(self, batch: list[Record]) -> None:
        attempts = 0
        while batch:
            try:
                answer = self.invoke({"Records": batch})
            except InvocationFailed:
                if self.settings.bisect and len(batch) > 1:
                    half = len(batch) // 2
                    self._deliver(batch[:half])
                    self._deliver(batch[half:])
                    return
                failed = batch
            else:
                identifiers = {
                    str(item.get("itemIdentifier"))
                    for item in (answer or {}).get("batchItemFailures", [])
                }
                if not identifiers:
                    return
                failed = [r for r in batch if _sequence(r) in identifiers] or batch
                batch = batch[batch.index(failed[0]) :]  # retried from the first failure
            attempts += 1
            if 0 <= self.settings.max_retries < attempts:
                self._park(failed, attempts)
                batch = [r for r in batch if r not in failed]
                attempts = 0
                continue
            time.sleep(self.backoff(attempts))

    def _park(self, records: list[Record], attempts: int) -> None:
        """What Lambda sends to the on-failure destination (the batch's place in the stream),
        plus, locally only, which notifications it held."""
        now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        self.parked.append(
            {
                "requestContext": {
                    "condition": "RetryAttemptsExhausted",
                    "approximateInvokeCount": attempts,
                    "functionArn": f"arn:aws:lambda:local:function:{self.settings.function_id}",
                },
                "version": "1.0",
                "timestamp": now,
                "DDBStreamBatchInfo": {
                    "shardId": "local",
                    "startSequenceNumber": _sequence(records[0]),
                    "endSequenceNumber": _sequence(records[-1]),
                    "batchSize": len(records),
                    "streamArn": self.stream_arn,
                },
                "notifications": [_notice_summary(r) for r in records],
            }
        )

    # ---- in the background (the local stack) -------------------------------------------

    def start(self, interval: float = 0.05) -> EventSourceMapping:
        def run() -> None:
            while not self._stopping.is_set():
                began = time.monotonic()
                try:
                    read = self.poll_once()
                except Exception:  # the stack keeps running; the next round tries again
                    traceback.print_exc()
                    read = -1
                    began = self._delivered_through
                with self._rounds:
                    self._delivered_through = began
                    self._rounds.notify_all()
                if read <= 0:
                    self._stopping.wait(interval)

        self._thread = threading.Thread(target=run, name="stream-mapping", daemon=True)
        self._thread.start()
        return self

    def settle(self, timeout: float = 10.0) -> bool:
        """Wait until a round that began after this call has finished: it read everything
        committed before the call, and sent or parked it. False if that took too long."""
        called = time.monotonic()
        with self._rounds:
            return self._rounds.wait_for(lambda: self._delivered_through >= called, timeout=timeout)

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
