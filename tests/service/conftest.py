"""Service tests: the scheme's services against moto, tables built from template.yaml."""

from tests.support.aws import aws, config, scheme

__all__ = ["aws", "config", "scheme"]
