#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
The driver's own self-test, ethtool -t, online and offline.

Each result of the offline run is a case of its own, named after the
driver's test strings (ETH_SS_TEST), so that a lab sees which test
failed. The online run is one case: drivers report the tests it does not
run as 0. A driver without self_test, and the offline mode while SR-IOV
VFs are enabled, are skipped. The offline tests take the link down; the
last case checks that it comes back. What a result code means is the
driver's to say: a failing case prints the device's kernel messages of
the run.
"""

import errno
import os
import re
from pathlib import Path

from lib.py import ksft_run, ksft_exit, ksft_pr, ksft_eq, ksft_disruptive
from lib.py import ksft_variants, KsftNamedVariant, KsftSkipEx, KsftFailEx
from lib.py import EthtoolFamily, NetDrvEnv, NlError
from lib.py import cmd, defer, wait_file

ETH_SS_TEST = 0
# The offline tests reset the MAC, and may wait seconds for the link.
SELFTEST_TIMEOUT = 600
LINK_TIMEOUT = 30


class SelfTestRun:
    """One ethtool -t run: its exit status, output, results (name, value),
    the device's kernel messages, and whether the link was up before."""

    def __init__(self, cfg, mode):
        self.link_was_up = _operstate(cfg) == "up"
        kmsg = _DeviceLog(cfg)
        proc = cmd(f"ethtool -t {cfg.ifname} {mode}", fail=False,
                   timeout=SELFTEST_TIMEOUT)
        self.ret, self.stderr = proc.ret, proc.stderr.strip()
        self.log = kmsg.read()
        if proc.stdout.strip():
            ksft_pr(proc.stdout.strip())
        self.results = []
        for line in proc.stdout.splitlines():
            match = re.match(r"^(.*?)\t\s*(-?\d+)$", line)
            if match:
                self.results.append((match.group(1).strip(), int(match.group(2))))

    def fail(self, what):
        """Print the device's messages of the run and fail with what."""
        for line in self.log:
            ksft_pr(f"kernel: {line}")
        raise KsftFailEx(what)


class _DeviceLog:
    """The kernel messages about one device from now on: the /dev/kmsg
    records that name it (DEVICE=+bus:name), as dev_printk()'s do."""

    def __init__(self, cfg):
        device = Path(f"/sys/class/net/{cfg.ifname}/device")
        # the netdev's own (dev_*(&netdev->dev)), and its parent's
        self.keys = {f" DEVICE=n{cfg.ifindex}"}
        if device.exists():
            bus = (device / "subsystem").resolve().name
            self.keys.add(f" DEVICE=+{bus}:{device.resolve().name}")
        try:
            self.kmsg = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
        except OSError as err:
            ksft_pr(f"/dev/kmsg: {err}: no kernel messages")
            self.kmsg = None
            return
        defer(os.close, self.kmsg)
        os.lseek(self.kmsg, 0, os.SEEK_END)

    def read(self):
        """The device's messages since the object was made."""
        lines = []
        while self.kmsg is not None:
            try:
                record = os.read(self.kmsg, 8192)
            except BlockingIOError:
                break
            except BrokenPipeError:
                # overwritten before it was read: go on with the oldest left
                lines.append("(kernel messages lost here: the log wrapped)")
                continue
            if not record:
                break
            text, *props = record.decode("utf-8", "replace").rstrip("\n").split("\n")
            if self.keys.intersection(props):
                lines.append(text.partition(";")[2])
        return lines


def _operstate(cfg):
    return Path(f"/sys/class/net/{cfg.ifname}/operstate").read_text(encoding="ascii").strip()


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
    """A KTAP-safe name per test string, unique: "Register test
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


def _run(cfg, runs, mode):
    """ethtool -t in mode, once for all the cases that look at it; fails
    or skips unless it ran and printed results."""
    if mode not in runs:
        # a run that raises is not run again by the next case
        runs[mode] = None
        runs[mode] = SelfTestRun(cfg, mode)
    run = runs[mode]
    if run is None:
        raise KsftFailEx(f"ethtool -t {mode} did not complete: see the first case")
    if run.ret != 0 and "Operation not supported" in run.stderr:
        raise KsftSkipEx(f"{cfg.ifname}: the driver has no self-test")
    if run.ret not in (0, 2):
        run.fail(f"ethtool -t exited {run.ret}: {run.stderr}")
    if run.ret == 2 and not _failed(run.results):
        if mode == "online":
            # net_selftest() users, stmmac: offline tests only
            raise KsftSkipEx("the driver reported FAIL with no failed result: no online tests")
        run.fail(f"{mode}: the driver reported FAIL with no failed result")
    return run


def _failed(results):
    """The results that fail: neither 0 nor -EOPNOTSUPP (a test not run)."""
    return [_value(name, value) for name, value in results
            if value and value != -errno.EOPNOTSUPP]


def _value(test, value):
    """A result as ethtool prints it, an error as its name."""
    if value < 0:
        return f"{test}: error {errno.errorcode.get(-value, -value)}"
    return f"{test}: {value}"


def online(cfg, runs):
    """The online run: no result may fail (FAIL with none: skipped)."""
    run = _run(cfg, runs, "online")
    failed = _failed(run.results)
    if failed:
        run.fail("; ".join(failed))


@ksft_disruptive
def offline(cfg, runs, index, test, count):
    """One result of the offline run (registers, loopback, link...)."""
    numvfs = Path(f"/sys/class/net/{cfg.ifname}/device/sriov_numvfs")
    if numvfs.exists() and int(numvfs.read_text(encoding="ascii")) > 0:
        raise KsftSkipEx(f"{cfg.ifname} has SR-IOV VFs: some drivers refuse offline tests "
                         "then, or skip some and report them as passed")
    run = _run(cfg, runs, "offline")
    if index is None:
        # no test strings: the run's results as one case
        failed = _failed(run.results)
        if failed:
            run.fail("; ".join(failed))
        return
    ksft_eq(len(run.results), count, "a result per test string")
    if index >= len(run.results):
        return
    name, value = run.results[index]
    # ethtool prints a test string of 32 characters (no NUL) as 31
    ksft_eq(name, test[:31].strip(), "results in the order of the test strings")
    if value == -errno.EOPNOTSUPP:
        raise KsftSkipEx(f"{test.strip()}: not supported by the driver")
    if value:
        run.fail(_value(test.strip(), value))


@ksft_disruptive
def carrier_back(cfg, runs):
    """The link the offline tests took down came back."""
    run = runs.get("offline")
    if run is None or run.ret not in (0, 2):
        raise KsftSkipEx("the offline tests did not run")
    if not run.link_was_up:
        raise KsftSkipEx(f"{cfg.ifname} had no link before the offline tests")
    try:
        wait_file(f"/sys/class/net/{cfg.ifname}/operstate",
                  lambda state: state.strip() == "up", deadline=LINK_TIMEOUT)
    except TimeoutError:
        run.fail(f"{cfg.ifname}: no link {LINK_TIMEOUT} s after the offline tests")


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
        runs = {}
        ksft_run([online,
                  ksft_variants(variants or [KsftNamedVariant("all", None, None, 0)])(offline),
                  carrier_back],
                 args=(cfg, runs))
    ksft_exit()


if __name__ == "__main__":
    main()
