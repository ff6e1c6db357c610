"""Screens: each composes widgets; none touches storage directly."""
