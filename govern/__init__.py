"""govern: cloud governance as code.

The same pillar-owned policies gate ``terraform plan`` in CI and check live AWS
accounts at night. The pipeline is: inputs (plans, live AWS) -> one resource
model -> policy evaluation -> findings -> reporters and exit codes.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
