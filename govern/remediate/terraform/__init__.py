"""Terraform fixes: render a policy's fix, place it in ``.tf`` files.

``literals`` writes values as HCL; ``fixes`` renders a fix for one resource
(pure and cheap: the engine calls it for every failing plan finding);
``hcl`` reads source files with python-hcl2; ``declarations`` finds the block
that declares a resource, following local module calls; ``placement`` turns
a fix into line edits inside that block; ``edits`` applies them and writes
diffs; ``planner`` places the fixes of a whole plan and ``output`` prints or
writes the result, as ``govern fix`` needs.
"""
