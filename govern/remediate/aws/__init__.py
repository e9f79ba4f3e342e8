"""Live remediation: boto3 actions that fix failing findings in AWS accounts.

```
action       Action, Operation, Call, Target: what an action declares and plans
actions/     the actions, one module per service; ACTIONS lists them all
access       calls for one action, refused for operations it does not declare
connection   the accounts entered with the scan's credentials
work         which findings are acted on, by which action, with which settings
owners       the --owner-map file
reports      findings from a saved JSON scan report (--from)
remediator   read, plan, act, verify; --max-changes; one failure stops nothing
audit        the JSON Lines audit log, fsynced per record
output       text and JSON for the command line
run          the whole flow, from options to outcomes
reference    the generated README parts: IAM policies, the remediable policies
```

Nothing here changes anything unless asked to apply: a dry run makes only
the read calls that plans need.
"""
