"""The client's address behind the balancer, and per-client counts that keep no address."""
import pickle

import pytest
from django.test import RequestFactory

from mbcinfo.privacy.clients import Allowance, client_address


class Clock:
    def __init__(self, now=1_800_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


def request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_balancer_the_connection_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


def test_behind_a_trusted_balancer_the_last_forwarded_address_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(request("10.0.0.2", "192.0.2.1, 198.51.100.7")) == "198.51.100.7"
    assert client_address(request("10.0.0.2", "not an address")) == "10.0.0.2"
    assert client_address(request("203.0.113.5", "198.51.100.7")) == "203.0.113.5"  # not the balancer


def test_an_allowance_refuses_the_use_just_over_it_and_counts_other_clients_apart():
    allowance = Allowance(per_hour=3, clock=Clock())
    assert [allowance.take("198.51.100.7") for _ in range(4)] == [True, True, True, False]
    assert allowance.take("203.0.113.9")


def test_an_allowance_starts_again_the_next_hour():
    clock = Clock()
    allowance = Allowance(per_hour=1, clock=clock)
    assert allowance.take("198.51.100.7") and not allowance.take("198.51.100.7")
    clock.now += 3600
    assert allowance.take("198.51.100.7")


def test_one_ipv6_client_cannot_dodge_its_allowance_by_changing_address_within_its_64():
    allowance = Allowance(per_hour=2, clock=Clock())
    assert allowance.take("2001:db8:1:2::1") and allowance.take("2001:db8:1:2::ffff")
    assert not allowance.take("2001:db8:1:2:abcd::9")
    assert allowance.take("2001:db8:1:3::1")


def test_an_allowance_keeps_no_address_and_a_bounded_number_of_clients():
    allowance = Allowance(per_hour=5, max_clients=2, clock=Clock())
    assert allowance.take("198.51.100.7") and allowance.take("203.0.113.9")
    assert not allowance.take("192.0.2.1")  # full for this hour
    allowance._lock = None  # pickle everything else the object holds
    held = pickle.dumps(allowance.__dict__)
    for address in (b"198.51.100.7", b"203.0.113.9", b"192.0.2.1"):
        assert address not in held


@pytest.mark.parametrize("address", [None, "", "garbage"])
def test_an_unknown_address_shares_one_allowance(address):
    allowance = Allowance(per_hour=1, clock=Clock())
    assert allowance.take(address) and not allowance.take("also garbage")
