"""Terraform fixes: render a policy's fix for one resource, place it in ``.tf`` files.

``fixes`` renders (pure, used by the engine for every failing plan finding);
``hcl`` reads source files with python-hcl2; ``declarations`` finds the block
that declares a resource, following local module calls; ``placement`` turns a
fix into line edits inside that block; ``edits`` applies them and writes diffs;
``planner`` does all of it for a whole run, as ``govern fix`` needs.
"""
