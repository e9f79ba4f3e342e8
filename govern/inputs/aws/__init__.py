"""Live AWS inventories, mapped onto the resource model plans use.

Collectors read AWS APIs and build ``Resource`` objects with Terraform type and
attribute names, so one policy evaluates a plan and a live account alike. This
is the only package that imports boto3; the plan path never loads it.
"""
