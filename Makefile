# SPDX-License-Identifier: GPL-2.0
# ixgbe-lbtest: the ixgbe driver with the loopback self-test series applied,
# built out of tree. The work is done by scripts/; see README.md.

# A release (6.12.117+deb12-amd64) or a series (6.12: newest installed).
KVER ?= $(shell uname -r)
# The kernels 'make check' builds and boots.
MATRIX ?= $(shell tests/lib/matrix)
# The emulated NIC of vm-nic (qemu/nic-args), how many ports it has and,
# from port 0, the best interrupt each offers (INTERRUPTS=msix,msi,intx:
# on MSI or INTx the driver's interrupt test runs; default MSI-X).
NIC ?= 82599
PORTS ?= 2
INTERRUPTS ?=

build_opts := $(if $(KSRC),--ksrc $(KSRC)) $(if $(KDIR),--kdir $(KDIR))
# C= checks with sid's sparse (scripts/cache/fetch-sparse): 7.3 refuses bookworm's.
kbuild_vars := $(foreach v,W C,$(if $($(v)),$(v)=$($(v)))) \
	$(if $(C),CHECK=$(shell scripts/cache/fetch-sparse))
# Another kernel to boot than /boot/vmlinuz-KVER, with its modules under
# MODROOT/lib/modules/KVER (for the debug kernels of later tests).
vm_opts := $(if $(KERNEL),--kernel $(KERNEL)) $(if $(MODROOT),--modroot $(MODROOT))

all:
	scripts/module/build-module $(build_opts) $(if $(SIM),--sim) $(KVER) $(kbuild_vars)

# The test flavour: ixgbe.ko with the software MAC-loopback ports.
sim:
	scripts/module/build-module $(build_opts) --sim $(KVER) $(kbuild_vars)

# The lab runner (lab/lab-selftest) under PREFIX, and the module for KVER
# in /lib/modules/KVER/updates/, where it is the machine's ixgbe from the
# next boot on. The runner first: it works with any ixgbe.
PREFIX ?= /usr/local
install: install-lab
	scripts/module/install-module $(if $(DESTDIR),--destdir $(DESTDIR)) $(KVER)

uninstall: uninstall-lab
	scripts/module/install-module --uninstall $(if $(DESTDIR),--destdir $(DESTDIR)) $(KVER)

# The runner alone, for a kernel this project does not build for.
install-lab:
	lab/install $(if $(DESTDIR),--destdir $(DESTDIR)) --prefix $(PREFIX)

uninstall-lab:
	lab/install --uninstall $(if $(DESTDIR),--destdir $(DESTDIR)) --prefix $(PREFIX)

# build/KVER/ixgbe.signed.ko for lab-selftest --module under Secure Boot
# (MODSIGN_KEY, MODSIGN_CERT), installed nowhere.
sign: all
	scripts/module/sign-module $(KVER)

vm-load: all
	scripts/vm/vm-test $(vm_opts) $(KVER) tests/guest/load-unload

# The production module on emulated NIC ports (QEMU built by scripts/vm/build-qemu):
# bind, link, ethtool -t offline and online; Debian's ixgbe.ko for comparison.
# IOMMU=1: behind QEMU's intel-iommu, the guest's IOMMU on.
vm-nic: all
	scripts/vm/vm-test --nic $(NIC) --ports $(PORTS) $(if $(INTERRUPTS),--interrupts $(INTERRUPTS)) \
		$(if $(IOMMU),--iommu) $(vm_opts) $(KVER) tests/guest/nic-selftest

# DPDK's testpmd and ixgbe PMD (Debian's) on two ports of the emulated NIC,
# through uio_pci_generic (INTx): probe, link, link-state interrupts from
# QEMU's monitor, io forwarding over the wire and in MAC loopback, testpmd's
# software counts against each hardware counter. Linux's ixgbe is not loaded.
# VFIO=1: through vfio-pci (MSI-X) behind QEMU's intel-iommu.
vm-dpdk: all
	scripts/vm/vm-test --nic $(NIC) --ports 2 --dpdk $(if $(VFIO),--vfio) --monitor $(vm_opts) \
		$(KVER) tests/guest/dpdk-testpmd

# Every fault the emulated NIC can cause, against the production module:
# each result code, and a clean run after it; then VMDq (20) and an AF_XDP
# zero-copy socket (19) on queue 0.
vm-nic-faults: all
	scripts/vm/vm-test --nic $(NIC) --ports 1 $(if $(IOMMU),--iommu) $(vm_opts) \
		--kmod macvlan --tool xsk-zc-hold $(KVER) tests/guest/nic-faults

# The lab runner (lab/lab-selftest) on two ports of each emulated NIC: a
# passing run, a device fault, the safety refusals, the driver swap and
# restore, bad input; its JSON and JUnit validated.
vm-lab: all
	tests/k-lab $(KVER)

# What a lab boots (lab/ci-artifacts): the kernel, an initramfs with this
# ixgbe.ko, the ethtool -t kselftest and the lab runner, and LAVA jobs for
# the emulated NIC and for an x86 lab machine, in build/ci-artifacts/KVER.
# URL: where the lab serves them (default file://); TEST_PORTS: the lab
# machine's ports to test (default all ixgbe ports); KERNEL, MODROOT: a
# kernel built from a patched tree (with KDIR for the module).
ci-artifacts: all
	lab/ci-artifacts $(if $(URL),--url $(URL)) $(if $(TEST_PORTS),--test-ports "$(TEST_PORTS)") \
		$(if $(KERNEL),--kernel $(KERNEL)) $(if $(MODROOT),--modroot $(MODROOT)) $(KVER)

# The kselftest the upstream way (run_kselftest.sh, NETIF) in those artifacts,
# booted under QEMU on each emulated NIC's ports and on a dummy port.
vm-kselftest: all
	tests/k-kselftest $(KVER)

# The artifacts' LAVA jobs validated with LAVA's own code, and the QEMU jobs
# run under lava-run here: every case passing, then with a device fault.
lava-qemu: all
	tests/k-lava $(KVER)

# The same on the i386 HIGHMEM debug kernel (DMA-API debug, lockdep,
# kmemleak; INTx). Not in 'make check': it shows upstream's Rx page leak
# (docs/emulated-nic.md).
vm-nic-debug:
	scripts/vm/vm-nic-debug --nic $(NIC)

# ethtool -t offline on a software MAC-loopback port in a VM, then on Rx
# pages from GFP_HIGHUSER.
vm-selftest: sim
	scripts/vm/vm-test --sim $(vm_opts) $(KVER) tests/guest/selftest

# The whole ethtool -t offline on each emulated NIC kind (BENCH_NICS): this
# series' module against Debian's, alternating, then where the offline run
# goes phase by phase (the driver's functions, kprobed). Prints figures.
BENCH_NICS ?= 82599 x540 x550
bench-nic: all
	@rc=0; for nic in $(BENCH_NICS); do \
		echo "== emulated $$nic"; \
		scripts/vm/vm-test --nic $$nic --ports 1 $(vm_opts) $(KVER) tests/guest/nic-bench || rc=1; \
	done; exit $$rc

check:
	MATRIX="$(MATRIX)" tests/run

# The host tests that need no kernel tree, build or VM ("# quick:" in
# the test): a few minutes, for the inner loop.
check-quick:
	tests/run --quick

# The README's two commands on a fresh Debian 12 machine, rehearsed: a
# minimal root (debootstrap minbase) with an empty cache, scripts/setup in
# it, then 'make check' (or TESTS="t-foo k-bar"). Not in 'make check'.
fresh-check:
	MATRIX="$(MATRIX)" tests/fresh-check $(if $(REV),--rev $(REV)) $(TESTS)

# ethtool -t over and over through the production module on an emulated
# 82599 (tests/k-soak; 'make check' runs 50): SOAK_RUNS back-to-back runs,
# SOAK_FAULT_ROUNDS of every device fault, races, unloads, on each kernel
# of MATRIX and on the i386 debug kernel; a table per kernel; then the
# control (Debian's module) on MATRIX's newest.
SOAK_RUNS ?= 500
SOAK_FAULT_ROUNDS ?= 3
soak:
	@rc=0; for k in $(MATRIX) debug; do \
		tests/k-soak --runs $(SOAK_RUNS) --fault-rounds $(SOAK_FAULT_ROUNDS) $$k || rc=1; \
	done; \
	MATRIX="$(MATRIX)" tests/run k-soak-control || rc=1; exit $$rc

# The series as maintainers get it, on each base (BASES: default mainline
# 6.12 6.1): checkpatch, git am, the top-level files, W=1 and sparse builds.
patches-check:
	scripts/series/patches-check $(BASES)

# The i386 HIGHMEM debug kernel on which kmap_local_page() is a checked
# mapping; built once into the cache.
debug-kernel:
	scripts/kernel/debug-kernel

# On the debug kernel: the KUnit suites in ixgbe.ko, and the rig's guests.
kunit:
	tests/t-kunit

# The series' KUnit suite the upstream way: kunit.py in a patched 7.3 tree.
kunit-upstream:
	scripts/series/kunit-upstream

# What the kmap_local_page() patch costs in machine code (instructions, memory operands, branches).
codegen-cost:
	scripts/module/codegen-cost $(KVER)

clean:
	rm -rf build

.PHONY: all sim install uninstall install-lab uninstall-lab sign vm-load vm-nic vm-dpdk vm-nic-faults vm-lab ci-artifacts vm-kselftest lava-qemu \
	vm-nic-debug vm-selftest bench-nic check check-quick fresh-check soak patches-check \
	debug-kernel kunit kunit-upstream codegen-cost clean
