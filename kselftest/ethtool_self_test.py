#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
The driver's own self-test, ethtool -t, online and offline.

Each result of the offline run is a case of its own, named after the
driver's test strings (ETH_SS_TEST), so that a lab sees which test
failed. The online run is one case: drivers report the tests it does not
run as 0. A driver without self_test, and the offline mode while SR-IOV
VFs are enabled, are skipped. The offline tests take the link down; the
last case checks that it comes back.
"""

import errno
import os
import re
import subprocess
import time
from pathlib import Path

from lib.py import ksft_run, ksft_exit, ksft_pr, ksft_disruptive
from lib.py import ksft_variants, KsftNamedVariant, KsftSkipEx, KsftFailEx
from lib.py import EthtoolFamily, NetDrvEnv, NlError

ETH_SS_TEST = 0
# The offline tests reset the MAC, and may wait seconds for the link.
SELFTEST_TIMEOUT = 600
LINK_TIMEOUT = 30

# What ixgbe's "Loopback test  (offline)" results mean: 1, 4 and 10 from
# ixgbe_ethtool.c, the others enum ixgbe_lbtest_result (ixgbe_lbtest.h).
IXGBE_LOOPBACK = {
    1: "the Tx test ring could not be allocated",
    4: "the Rx test ring could not be allocated",
    10: "MAC loopback could not be set up on this MAC/PHY",
    11: "no memory for a test frame",
    12: "the Tx ring refused a test frame",
    13: "a frame did not come back (before enum ixgbe_lbtest_result: or came back different)",
    14: "Tx write-backs missing after 200 ms",
    15: "an Rx write-back has an error bit or lacks DD/EOP",
    16: "an Rx write-back's length is not the frame's",
    17: "a frame came back with different bytes",
    18: "an Rx buffer holds a frame of an earlier lap",
    19: "an AF_XDP zero-copy socket holds queue 0",
}

# ethtool -t's output, per mode: (exit status, stderr, [(name, value)],
# whether the carrier it had did not come back)
_runs = {}


def _test_names(cfg):
    """The driver's self-test strings; none without self_test."""
    reply = EthtoolFamily().strset_get({
        "header": {"dev-index": cfg.ifindex},
        "stringsets": {"stringset": [{"id": ETH_SS_TEST}]},
    })
    names = []
    for sset in reply.get("stringsets", {}).get("stringset", []):
        for strings in sset.get("strings", []):
            for string in strings.get("string", []):
                names.append(string["value"])
    return names


def _slug(text):
    """Lower case, words joined by '_'."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _case_names(names):
    """A KTAP-safe name per test string, unique: ixgbe's "Register test
    (offline)" is register_test; a parenthesised part that tells two
    strings apart ("VLAN Filtering (perf)") stays."""
    short = [_slug(re.sub(r"\(.*?\)", "", name)) for name in names]
    cases = []
    for index, name in enumerate(names):
        case = short[index] if short.count(short[index]) == 1 else _slug(name)
        cases.append(case or f"test_{index}")
    while len(set(cases)) < len(cases):
        cases = [f"{case}_{index}" if cases.count(case) > 1 else case
                 for index, case in enumerate(cases)]
    return cases


def _carrier(cfg):
    """The port's carrier, or None while it cannot be read."""
    try:
        return Path(f"/sys/class/net/{cfg.ifname}/carrier").read_text(encoding="ascii").strip()
    except OSError:
        return None


def _run(cfg, mode):
    """Run ethtool -t once per mode and keep its results for the cases."""
    if mode in _runs:
        return _runs[mode]
    carrier = _carrier(cfg)
    try:
        res = subprocess.run(["ethtool", "-t", cfg.ifname, mode], capture_output=True,
                             text=True, timeout=SELFTEST_TIMEOUT, check=False,
                             env={**os.environ, "LC_ALL": "C"})
        ret, stdout, stderr = res.returncode, res.stdout, res.stderr
    except subprocess.TimeoutExpired:
        ret, stdout, stderr = None, "", f"no answer in {SELFTEST_TIMEOUT} s"
    if stdout.strip():
        ksft_pr(stdout.strip())
    values = []
    for line in stdout.splitlines():
        match = re.match(r"^(.*?)\t\s*(-?\d+)$", line)
        if match:
            values.append((match.group(1).strip(), int(match.group(2))))
    # The offline tests take the link down; what follows needs it back.
    deadline = time.monotonic() + LINK_TIMEOUT
    while carrier == "1" and _carrier(cfg) != "1" and time.monotonic() < deadline:
        time.sleep(0.1)
    _runs[mode] = (ret, stderr.strip(), values, carrier == "1" and _carrier(cfg) != "1")
    return _runs[mode]


def _check_run(cfg, mode):
    """Fail or skip unless ethtool -t ran and printed results."""
    ret, stderr, values, _ = _run(cfg, mode)
    if ret is None:
        raise KsftFailEx(f"ethtool -t {cfg.ifname} {mode}: {stderr}")
    if ret != 0 and "Operation not supported" in stderr:
        raise KsftSkipEx(f"{cfg.ifname}: the driver has no self-test")
    if ret not in (0, 2):
        raise KsftFailEx(f"ethtool -t exited {ret}: {stderr}")
    if ret == 2 and not any(value for _, value in values):
        if mode == "online":
            # net_selftest() users, stmmac: offline tests only
            raise KsftSkipEx("the driver reported FAIL with every result 0: no online tests")
        raise KsftFailEx(f"{mode}: the driver reported FAIL with every result 0")
    return values


def _driver(cfg):
    """The port's driver, from sysfs."""
    return Path(f"/sys/class/net/{cfg.ifname}/device/driver").resolve().name


def _failure(cfg, test, value):
    """Why the driver's non-zero value for test fails it."""
    if value < 0:
        return f"{test}: error {errno.errorcode.get(-value, -value)}"
    meaning = ""
    if _driver(cfg) == "ixgbe" and test.startswith("Loopback test"):
        meaning = IXGBE_LOOPBACK.get(value, "")
    return f"{test}: {value}" + (f" ({meaning})" if meaning else "")


def online(cfg):
    """The online run: its results must all be 0 and the verdict PASS."""
    failed = [_failure(cfg, name, value) for name, value in _check_run(cfg, "online")
              if value and value != -errno.EOPNOTSUPP]
    if failed:
        raise KsftFailEx("; ".join(failed))


@ksft_disruptive
def offline(cfg, index, test, count):
    """One result of the offline run (registers, loopback, link...)."""
    numvfs = Path(f"/sys/class/net/{cfg.ifname}/device/sriov_numvfs")
    if numvfs.exists() and int(numvfs.read_text(encoding="ascii")) > 0:
        raise KsftSkipEx(f"{cfg.ifname} has SR-IOV VFs: some drivers refuse offline tests "
                         "then, or skip some and report them as passed")
    values = _check_run(cfg, "offline")
    if len(values) != count:
        raise KsftFailEx(f"{len(values)} results for {count} test strings")
    if index is None:
        return
    # ethtool prints a test string of 32 characters (no NUL) as 31
    if values[index][0][:31] != test.strip()[:31]:
        raise KsftFailEx(f"no result for '{test.strip()}'")
    value = values[index][1]
    if value == -errno.EOPNOTSUPP:
        raise KsftSkipEx(f"{test.strip()}: not supported by the driver")
    if value:
        raise KsftFailEx(_failure(cfg, test.strip(), value))


@ksft_disruptive
def carrier_back(cfg):
    """The link the offline tests took down came back."""
    if _runs.get("offline", (None, ))[0] not in (0, 2):
        raise KsftSkipEx("the offline tests did not run")
    if _runs["offline"][3]:
        raise KsftFailEx(f"{cfg.ifname}: no carrier {LINK_TIMEOUT} s after the offline tests")


def main() -> None:
    """Run ethtool -t on NETIF: online, each offline result, the link."""
    with NetDrvEnv(__file__) as cfg:
        try:
            names = _test_names(cfg)
        except NlError as err:
            ksft_pr(f"no ETH_SS_TEST strings over netlink: {err}")
            names = []
        variants = [KsftNamedVariant(case, index, name, len(names))
                    for index, (case, name) in enumerate(zip(_case_names(names), names))]
        ksft_run([online,
                  ksft_variants(variants or [KsftNamedVariant("all", None, None, 0)])(offline),
                  carrier_back],
                 args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
