"""Keys for the tests of sharing an encrypted copy: public ones, and look-alike private ones.

The public SSH keys are real (made once by ssh-keygen, their private halves
thrown away); the private ones are made per test run, or are shaped like one
with random insides, so no test ever holds someone's secret.
"""

from __future__ import annotations

import base64
import os

ED25519 = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPuWhTvnfSk1wFrQ873Kz7WwUEKDOtUvGdzpLx4jtBIM "
           "me@laptop")
RSA = ("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCvgKCtEhAyAuNRr6tLj+r+xhZG+JlbYG+eJ0L2NIg6bCNNvnqH"
       "SqbdHPR5gFO2b1Xxisl6mJHkyuRXxnqiYbK5wRb7AZ923cPV+fWOM03kIzMM2O25pmOCjMelIQCTXEVuvW1bsQnOj"
       "2gcvoB9yR3rFFsZSYRaqd3QS0csgLjpLRuK6PBfSZ13MvXls9kfieUvltfMdMmWGbGu+LERABy2AxOEj12WbzZCVIe"
       "cKcX4T5jtdM1oUjF8YxLZYTHEAn14BtfM/CduPPBSe8TWC8DyuIok/WIjy1rHtqTEjcZHzh9G8CuQ60hYOMwlIINDa"
       "smaWpE8hFM1Dd2avAYr5psn counsellor@office")
ECDSA = ("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOGf8VjzAZEFMO"
         "wDCWFX6RJcYoZD2qiOBUyOTIWFGUFmUioGsmr+085JQL+IfBaDV9acR9ZsZIMtYGDQY/3Se+I= old@phone")


def age_identity() -> tuple[str, str]:
    """A fresh age identity: (the secret `AGE-SECRET-KEY-1…`, its public `age1…`)."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def openssh_private_lookalike() -> str:
    """A file shaped like `~/.ssh/id_ed25519`, with random insides."""
    body = base64.b64encode(b"openssh-key-v1\0" + os.urandom(300)).decode()
    lines = [body[i:i + 70] for i in range(0, len(body), 70)]
    return "\n".join(["-----BEGIN OPENSSH PRIVATE KEY-----", *lines,
                      "-----END OPENSSH PRIVATE KEY-----", ""])


def secret_pieces(secret: str, size: int = 8) -> list[str]:
    """Every run of `size` characters of a secret's key material (not its fixed labels)."""
    material = "".join(line for line in secret.splitlines() if "-----" not in line)
    material = material.removeprefix("AGE-SECRET-KEY-1")
    return [material[i:i + size] for i in range(0, len(material) - size + 1)]


def echoes(text: str, secret: str) -> bool:
    """True when `text` repeats any piece of the secret."""
    return any(piece in text for piece in secret_pieces(secret))
