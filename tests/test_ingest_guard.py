"""The address guard refuses every non-public address, also behind a name."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosscheck.ingest.guard import RefusedURL, check, is_public


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fc00::1",
                                     "::ffff:127.0.0.1", "::ffff:192.168.0.1", "2002:7f00:0001::"])
def test_non_public_addresses(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses(address):
    assert is_public(address)


@given(st.ip_addresses(v=4, network="10.0.0.0/8") | st.ip_addresses(v=4, network="127.0.0.0/8")
       | st.ip_addresses(v=6, network="fe80::/10"))
def test_any_private_or_loopback_address_is_refused(ip):
    assert not is_public(str(ip))


def fake(addresses):
    return lambda host, port: addresses


def test_a_name_that_resolves_to_loopback_is_refused():
    with pytest.raises(RefusedURL, match="non-public address 127.0.0.1.*--allow-private"):
        check("http://news.example/x", resolver=fake(["93.184.216.34", "127.0.0.1"]))


def test_a_public_name_passes_and_allow_private_lets_loopback_through():
    check("https://news.example/x", resolver=fake(["93.184.216.34"]))
    check("http://127.0.0.1:8000/x", allow_private=True)
    check("http://127.0.0.1:8000/x", allowed={"127.0.0.1:8000"})
    with pytest.raises(RefusedURL):
        check("http://127.0.0.1:8001/x", allowed={"127.0.0.1:8000"})


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x", "http:///nohost"])
def test_other_schemes_and_missing_hosts_are_refused(url):
    with pytest.raises(RefusedURL):
        check(url, resolver=fake(["93.184.216.34"]))


def test_an_unresolvable_host_is_refused_with_its_name():
    def fail(host, port):
        raise OSError(-2, "Name or service not known")
    with pytest.raises(RefusedURL, match="cannot resolve the host nowhere.invalid"):
        check("http://nowhere.invalid/", resolver=fail)
