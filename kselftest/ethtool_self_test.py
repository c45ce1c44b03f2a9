#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
The driver's own self-test, ethtool -t, offline and online.

Each result the driver reports is a case of its own, named after the
driver's test strings (ETH_SS_TEST), so that a lab sees which of them
failed. A driver without self_test, and the offline mode while SR-IOV
VFs are active, are skipped. The offline tests take the link down.
"""

import re
from pathlib import Path

from lib.py import ksft_run, ksft_exit, ksft_pr, ksft_disruptive
from lib.py import ksft_variants, KsftNamedVariant, KsftSkipEx, KsftFailEx
from lib.py import EthtoolFamily, NetDrvEnv, cmd

ETH_SS_TEST = 0

# What ixgbe's "Loopback test  (offline)" results mean.
IXGBE_LOOPBACK = {
    1: "the Tx test ring could not be allocated",
    4: "the Rx test ring could not be allocated",
    10: "MAC loopback could not be set up on this MAC/PHY",
    11: "no memory for a test frame",
    12: "the Tx ring refused a test frame",
    13: "a frame did not come back",
    14: "Tx write-backs missing after 200 ms",
    15: "an Rx write-back has an error bit or lacks DD/EOP",
    16: "an Rx write-back's length is not the frame's",
    17: "a frame came back with different bytes",
    18: "an Rx buffer holds a frame of an earlier lap",
    19: "an AF_XDP zero-copy socket holds queue 0",
    20: "not run: SR-IOV or VMDq is enabled",
}

_results = {}


def _test_names(cfg):
    """The driver's self-test strings; none when it has no self_test."""
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


def _case_name(test):
    """A KTAP-safe name for one of the driver's test strings."""
    words = re.sub(r"\(.*?\)", "", test).strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", words).strip("_")


def _run(cfg, mode):
    """Run ethtool -t once per mode; the cases read its results."""
    if mode in _results:
        return _results[mode]
    # The offline tests reset the MAC, and may wait seconds for the link.
    res = cmd(f"ethtool -t {cfg.ifname} {mode}", fail=False, timeout=600)
    if res.stdout.strip():
        ksft_pr(res.stdout.strip())
    if res.ret != 0 and "Operation not supported" in res.stderr:
        _results[mode] = KsftSkipEx(f"{cfg.ifname}: the driver has no self-test")
    elif res.ret not in (0, 2):
        _results[mode] = KsftFailEx(f"ethtool -t exited {res.ret}: {res.stderr.strip()}")
    else:
        values = []
        for line in res.stdout.splitlines():
            match = re.match(r"^(.*?)\t\s*(-?\d+)$", line)
            if match:
                values.append((match.group(1).strip(), int(match.group(2))))
        _results[mode] = (res.ret == 2, values)
    return _results[mode]


def _explain(cfg, test, value):
    """The meaning of a failing result, where the driver's is known."""
    if cfg.dev_driver == "ixgbe" and test.startswith("Loopback test"):
        return IXGBE_LOOPBACK.get(value, "")
    return ""


def _check(cfg, mode, index, test):
    """Pass when the driver reported 0 for test (index) in mode."""
    outcome = _run(cfg, mode)
    if isinstance(outcome, Exception):
        raise outcome
    failed, values = outcome
    if index is None:
        if failed or any(value for _, value in values):
            raise KsftFailEx(f"{mode}: the driver reported FAIL")
        return
    if index >= len(values) or values[index][0] != test.strip():
        raise KsftFailEx(f"{mode}: no result for '{test}'")
    value = values[index][1]
    if failed and not any(v for _, v in values):
        raise KsftFailEx(f"{mode}: FAIL with every result 0")
    if value:
        meaning = _explain(cfg, test, value)
        raise KsftFailEx(f"{test.strip()}: {value}" + (f" ({meaning})" if meaning else ""))


@ksft_disruptive
def offline(cfg, index, test):
    """The driver's offline tests: registers, loopback, and so on."""
    numvfs = Path(f"/sys/class/net/{cfg.ifname}/device/sriov_numvfs")
    if numvfs.exists() and int(numvfs.read_text(encoding="ascii")) > 0:
        raise KsftSkipEx(f"{cfg.ifname} has active VFs: no offline test")
    _check(cfg, "offline", index, test)


def online(cfg, index, test):
    """The driver's online tests, which keep the link up."""
    _check(cfg, "online", index, test)


def _variants(names):
    """One case per test string, or one for the mode without any."""
    if not names:
        return [KsftNamedVariant("all", None, None)]
    return [KsftNamedVariant(_case_name(name), index, name)
            for index, name in enumerate(names)]


def main() -> None:
    """Run every self-test result of NETIF as a case."""
    with NetDrvEnv(__file__) as cfg:
        info = cmd(f"ethtool -i {cfg.ifname}", fail=False).stdout
        match = re.search(r"^driver: (\S+)", info, re.MULTILINE)
        cfg.dev_driver = match.group(1) if match else ""
        names = _test_names(cfg)
        ksft_run([ksft_variants(_variants(names))(offline),
                  ksft_variants(_variants(names))(online)],
                 args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
