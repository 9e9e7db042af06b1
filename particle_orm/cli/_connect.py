"""Where the commands connect: base URL, token, and the client built from them.

The token comes from ``ATTIO_API_KEY`` (or ``--token``, which other users can see in the
process list). Against a served emulator on a loopback address, a missing token is fetched
from the emulator's control plane (``GET /_emulator/token``), so
``--base-url http://127.0.0.1:8700`` is all it takes. The token is never printed.

Example:
    >>> is_loopback("http://127.0.0.1:8700"), is_loopback("https://api.attio.com")
    (True, False)
"""

from __future__ import annotations

import argparse
import ipaddress
import os
from dataclasses import dataclass, field
from typing import Any

import httpx

from particle_orm.cli._errors import CLIError
from particle_orm.client import DEFAULT_BASE_URL, TOKEN_ENV_VAR, AttioClient, RetryPolicy

__all__ = ["BASE_URL_ENV_VAR", "Connection", "add_connection_options", "is_loopback"]

BASE_URL_ENV_VAR = "ATTIO_BASE_URL"
"""Environment variable read for ``--base-url`` when the option is not given."""
_TOKEN_PATH = "/_emulator/token"


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--base-url``, ``--token``, ``--timeout`` and ``--retries`` to a subcommand."""
    group = parser.add_argument_group("connection")
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=None,
        help=f"Attio API root (default: ${BASE_URL_ENV_VAR} or {DEFAULT_BASE_URL}); point it "
        "at a served emulator, e.g. http://127.0.0.1:8700",
    )
    group.add_argument(
        "--token",
        default=None,
        help=f"API token (discouraged: visible in the process list; set ${TOKEN_ENV_VAR})",
    )
    group.add_argument(
        "--timeout",
        type=_positive_float,
        default=60.0,
        metavar="SECONDS",
        help="per-request timeout (default: 60)",
    )
    group.add_argument(
        "--retries",
        type=_non_negative_int,
        default=4,
        metavar="N",
        help="retries of a failed request: 429s, and 5xx/network errors when safe (default: 4)",
    )


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {text!r}")
    return value


def is_loopback(base_url: str) -> bool:
    """Whether ``base_url`` points at this machine (where a served emulator would be).

    Example:
        >>> is_loopback("http://localhost:8700"), is_loopback("http://[::1]:8700")
        (True, True)
    """
    host = httpx.URL(base_url).host
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Connection:
    """The resolved connection settings of one command (the token is never shown).

    ``transport`` is a hook for tests and embedding (an httpx transport to send through).

    Example:
        >>> c = Connection("https://api.attio.com", "secret-token-0123456789")
        >>> "secret" in repr(c)
        False
    """

    base_url: str
    token: str | None = field(default=None, repr=False)
    timeout: float = 60.0
    retries: int = 4
    transport: Any = field(default=None, repr=False)
    used_token_option: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace, transport: Any = None) -> Connection:
        """Resolve ``--base-url``/``--token``/... with the environment as fallback."""
        base_url = args.base_url or os.environ.get(BASE_URL_ENV_VAR) or DEFAULT_BASE_URL
        try:
            url = httpx.URL(base_url)
        except httpx.InvalidURL as exc:
            raise CLIError(f"--base-url {base_url!r} is not a valid URL: {exc}") from None
        if url.scheme not in ("http", "https") or not url.host:
            raise CLIError(f"--base-url must be an absolute http(s) URL, got {base_url!r}")
        token = args.token or os.environ.get(TOKEN_ENV_VAR) or None
        return cls(
            base_url=base_url,
            token=token,
            timeout=args.timeout,
            retries=args.retries,
            transport=transport,
            used_token_option=bool(args.token),
        )

    def _emulator_token(self) -> str | None:
        # Only a served emulator answers this route; anything else means "no token here".
        try:
            with httpx.Client(transport=self.transport, timeout=min(self.timeout, 5.0)) as http:
                response = http.get(self.base_url.rstrip("/") + _TOKEN_PATH)
        except httpx.HTTPError as exc:
            raise CLIError(f"cannot reach {self.base_url}: {exc}") from None
        if response.status_code != 200:
            return None
        try:
            token = response.json().get("token")
        except (ValueError, AttributeError):
            return None
        return token if isinstance(token, str) and token else None

    def resolve_token(self) -> str:
        """The token to send, or a :class:`CLIError` saying how to provide one."""
        if self.token:
            return self.token
        if is_loopback(self.base_url):
            found = self._emulator_token()
            if found:
                return found
        raise CLIError(
            f"no Attio API token: set the {TOKEN_ENV_VAR} environment variable "
            f"(or point --base-url at a served emulator: particle-orm emulator serve)"
        )

    def client(self) -> AttioClient:
        """An :class:`~particle_orm.client.AttioClient` for these settings."""
        kwargs: dict[str, Any] = {}
        if self.transport is not None:
            kwargs["transport"] = self.transport
        return AttioClient(
            self.resolve_token(),
            base_url=self.base_url,
            timeout=self.timeout,
            retry=RetryPolicy(max_attempts=self.retries + 1),
            **kwargs,
        )
