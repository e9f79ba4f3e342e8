"""Remediation: turning failing findings into changes someone can apply."""
