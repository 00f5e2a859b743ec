"""The fetch policy: which URLs and addresses an outbound request may reach.

Every fetch goes through one client whose transport checks each request (the first and every
redirect) for scheme and port, and whose network backend resolves the host itself and connects
only to an address the policy allows, then checks the address it actually reached. So a name
that resolves (or re-resolves, as in DNS rebinding) to an internal address, a redirect to one,
or an address written in another notation (decimal, octal, hex, IPv4-mapped IPv6, 6to4, NAT64)
is refused before any byte is sent.

Refused: loopback, private, link-local, unique-local, multicast, reserved, unspecified and any
other address that is not globally routable, unless it lies in `[fetch] allow_networks`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable, Sequence

import certifi
import httpcore
import httpx

from bot.settings import FetchConfig, Network

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# Host name and port in, the addresses it resolves to out (tests pass a fake DNS).
Resolve = Callable[[str, int], Awaitable[list[str]]]
SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class Refused(Exception):
    """The fetch policy refuses a request; the message says why in one line."""


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv6 address carries (mapped, compatible, 6to4, NAT64)."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    if address in _IPV4_COMPATIBLE and int(address) > 1:
        return low32
    if any(address in network for network in _NAT64):
        return low32
    return None


def _kind(address: IPAddress) -> str | None:
    """Name the kind of a non-public address ("a loopback address"), None for a public one."""
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv6Address) and address in _UNIQUE_LOCAL:
        return "a unique-local address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "a non-public address"
    return None


def address_refusal(address: IPAddress, allow: Sequence[Network] = ()) -> str | None:
    """Say what kind of refused address `address` is, or return None when it is allowed.

    An IPv6 address that carries an IPv4 one (mapped, 6to4, NAT64) is judged by the IPv4
    address, where its packets end up.
    """
    inner = embedded_ipv4(address)
    judged = address if inner is None else inner
    if any(judged.version == n.version and judged in n for n in allow):
        return None
    kind = _kind(judged)
    if kind is None:
        return None
    return f"{address}, {kind}" if inner is None else f"{address} ({inner}), {kind}"


def url_refusal(url: httpx.URL, config: FetchConfig) -> str | None:
    """Say why the policy refuses `url` (scheme, port, host), or return None."""
    scheme = url.scheme.lower()
    if scheme not in SCHEMES:
        return f"only http and https URLs are fetched (not {scheme or 'no scheme'}:)"
    if not url.host:
        return "the URL has no host"
    port = url.port or _DEFAULT_PORTS[scheme]
    if not 1 <= port <= 65535:
        return f"port {port} is not a valid port"
    if not config.allows_port(port):
        return f"port {port} is not allowed ([fetch] ports)"
    return None


async def system_resolve(host: str, port: int) -> list[str]:
    """Resolve a host name with the system resolver (every address, in the order given)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


_LEGACY_IPV4 = re.compile(r"^(0[xX][0-9a-fA-F]*|[0-9]+)(\.(0[xX][0-9a-fA-F]*|[0-9]+)){0,3}$")


def _literal(host: str) -> IPAddress | None:
    """Return the address a host literally is, in any notation (2130706433, 0x7f.1, 0177.0.0.1)."""
    text = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if _LEGACY_IPV4.match(text):  # the forms inet_aton (and so the system resolver) accepts
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolve each host once, connect only to allowed addresses, and check the peer reached."""

    def __init__(
        self,
        allow: Sequence[Network],
        *,
        resolve: Resolve = system_resolve,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._allow = tuple(allow)
        self._resolve = resolve
        self._inner = inner or httpcore.AnyIOBackend()

    async def addresses(
        self,
        host: str,
        port: int,
        timeout: float | None,  # noqa: ASYNC109 - httpcore's connect timeout, passed on
    ) -> list[IPAddress]:
        """Return the addresses `host` stands for (an address literal stands for itself)."""
        literal = _literal(host)
        if literal is not None:
            return [literal]
        try:
            async with asyncio.timeout(timeout):
                found = await self._resolve(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        addresses = [a for a in (_literal(f) for f in found) if a is not None]
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}: no addresses")
        return addresses

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect to the first allowed address of `host`; refuse when none is allowed."""
        allowed: list[IPAddress] = []
        refusals: list[str] = []
        for address in await self.addresses(host, port, timeout):
            refusal = address_refusal(address, self._allow)
            if refusal is None:
                allowed.append(address)
            else:
                refusals.append(refusal)
        if not allowed:
            where = "" if _literal(host) is not None else f"{host} resolves to "
            raise Refused(f"{where}{refusals[0]} (not in [fetch] allow_networks)")
        failure: Exception | None = None
        for address in allowed:
            try:
                stream = await self._inner.connect_tcp(
                    str(address), port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )  # fmt: skip
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            await self._check_peer(stream)
            return stream
        assert failure is not None
        raise failure

    async def _check_peer(self, stream: httpcore.AsyncNetworkStream) -> None:
        """Refuse a connection whose peer is not an allowed address (belt and braces)."""
        peer = stream.get_extra_info("server_addr")
        address = _literal(str(peer[0])) if isinstance(peer, tuple) and peer else None
        refusal = "unknown peer" if address is None else address_refusal(address, self._allow)
        if refusal is not None:
            await stream.aclose()
            raise Refused(f"connected to {refusal} (not in [fetch] allow_networks)")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Never: fetches go to network addresses only."""
        raise Refused("unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        """Sleep as the inner backend does (httpcore's retries use it)."""
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with the policy: every request (each redirect too) checked first."""

    def __init__(
        self, config: FetchConfig, *, limits: httpx.Limits, resolve: Resolve = system_resolve
    ) -> None:
        # No proxies from the environment: through a proxy the address reached is the proxy's,
        # and the policy could not see where a request really goes.
        super().__init__(limits=limits, trust_env=False)
        self._config = config
        # httpx has no public parameter for the network backend yet (encode/httpx#3749), so
        # the pool it built is replaced by the same pool over the guarded backend.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl.create_default_context(cafile=certifi.where()),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(config.allow_networks, resolve=resolve),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Refuse a request the policy does not allow; send the others."""
        refusal = url_refusal(request.url, self._config)
        if refusal is not None:
            raise Refused(refusal)
        return await super().handle_async_request(request)
