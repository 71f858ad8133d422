"""Detect what a Django project is made of: one module per aspect, `project.detect` for all."""
