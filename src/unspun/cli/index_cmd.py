"""Placeholder: commands are added by the module owner."""

from __future__ import annotations
