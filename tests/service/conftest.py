"""Service tests: the scheme's services against moto, tables built from template.yaml."""

from tests.support.aws import aws, repository, scheme, test_settings

__all__ = ["aws", "repository", "scheme", "test_settings"]
