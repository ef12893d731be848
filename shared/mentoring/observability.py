"""Powertools logger, metrics and tracer, shared by every function (service name from env)."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
metrics = Metrics(namespace="ImgPeerMentoring")
tracer = Tracer()
