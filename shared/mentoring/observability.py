"""Powertools logger and metrics, shared by every function (service name from env).

Tracing is Lambda's own active tracing (`Tracing: Active` in template.yaml): each invocation
is a segment in X-Ray. Powertools' Tracer would add a subsegment per AWS call, but it brings
aws-xray-sdk (and a second botocore) into every cold start, about 200 ms measured with
`make bench`; the access log and metrics already say which route and call was slow.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

logger = Logger()
metrics = Metrics(namespace="ImgPeerMentoring")
