# shellcheck shell=sh
# Sourced by the guest scripts (busybox sh, inside the VM; the host tests
# run them with stubs by pointing these variables elsewhere).
MODULES=${MODULES:-/modules}
DEBUGFS=${DEBUGFS:-/sys/kernel/debug}
# What kernel_quiet looks for: lab/kernel-trouble, shared with the
# host's scripts/vm/ktap-check.
KERNEL_TROUBLE=${KERNEL_TROUBLE:-/lib/kernel-trouble}
# lab/lib/selftest-results.awk
SELFTEST_RESULTS=${SELFTEST_RESULTS:-/lib/selftest-results.awk}
SYSFS=${SYSFS:-/sys}
PROCFS=${PROCFS:-/proc}
SELFTEST_MS=${SELFTEST_MS:-${TMPDIR:-/tmp}/selftest-ms}
TRACING=${TRACING:-/sys/kernel/tracing}
# The emulated NIC's test capability: what qemu/test-capability-sh prints.
TEST_CAPABILITY=${TEST_CAPABILITY:-/lib/test-capability.sh}
# shellcheck source=/dev/null # generated
. "$TEST_CAPABILITY"

# cmdline_value NAME: the value of NAME=VALUE on the kernel command line
# (what the host passed with vm-test --append), empty if none.
cmdline_value() {
	sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" "$PROCFS/cmdline" | head -n 1
}

uptime_ms() { awk '{ printf "%d", $1 * 1000 }' "$PROCFS/uptime"; }

plan() {
	echo "KTAP version 1"
	echo "1..$1"
}

# step N DESCRIPTION COMMAND...: run COMMAND, its output as KTAP diagnostics.
# Its variables are prefixed: sh has no local ones.
step() {
	step_n=$1 step_desc=$2
	shift 2
	if step_out=$("$@" 2>&1); then step_status="ok"; else step_status="not ok"; fi
	[ -z "$step_out" ] || printf '%s\n' "$step_out" | sed 's/^/# /'
	echo "$step_status $step_n $step_desc"
}

load_dependencies() {
	while read -r dep; do
		insmod "$MODULES/$dep" || return 1
	done < "$MODULES/order"
}

unload_ixgbe() { rmmod ixgbe && ! grep -q '^ixgbe ' "$PROCFS/modules"; }

# The host scans the console too; this catches what the console dropped,
# and, on a kernel with kmemleak, what a scan finds now.
kernel_quiet() {
	kernel_quiet_leaks=
	if [ -w "$DEBUGFS/kmemleak" ]; then
		# kmemleak reports no object younger than 5 s (MSECS_MIN_AGE)
		sleep 5
		echo scan > "$DEBUGFS/kmemleak"
		kernel_quiet_leaks=$(cat "$DEBUGFS/kmemleak")
		[ -z "$kernel_quiet_leaks" ] || printf '%s\n' "$kernel_quiet_leaks"
	fi
	! dmesg | grep -E -f "$KERNEL_TROUBLE" &&
		[ -z "$kernel_quiet_leaks" ]
}

# kunit_suite N SUITE: KUnit's results of SUITE (run when its module
# loaded) as subtest N. A skipped case fails it: on the kernels this runs
# on, every case applies.
kunit_suite() {
	kunit_results=$DEBUGFS/kunit/$2/results
	kunit_status="not ok"
	if [ -r "$kunit_results" ]; then
		sed 's/^/    /' "$kunit_results"
		if grep -Eq "^ok [0-9]+ $2\$" "$kunit_results" &&
			! grep -Eq '^ *not ok|# SKIP' "$kunit_results"; then
			kunit_status=ok
		fi
	else
		echo "# no KUnit results for suite $2"
	fi
	echo "$kunit_status $1 kunit_$2"
}

# highmem_present: the kernel has memory it does not map permanently.
highmem_present() {
	awk '$1 == "HighTotal:" { print; found = $2 > 0 } END { exit !found }' \
		"$PROCFS/meminfo"
}

mount_debugfs() {
	[ -d "$DEBUGFS/ixgbe-lbtest-sim.0" ] || mount -t debugfs none "$DEBUGFS"
}

# sim_port N: the network interface of software loopback port N.
sim_port() {
	ls "$SYSFS/bus/platform/devices/ixgbe-lbtest-sim.$1/net" 2>/dev/null
}

# identifies PORT DRIVER BUS_INFO: ethtool -i names DRIVER, and a bus-info
# that the extended regular expression BUS_INFO matches whole.
identifies() {
	info=$(ethtool -i "$1") || return 1
	echo "$info"
	echo "$info" | grep -qx "driver: $2" &&
		echo "$info" | grep -Eqx "bus-info: $3"
}

# sim_identifies PORT: the test flavour's driver and platform device.
sim_identifies() {
	identifies "$1" ixgbe-lbtest-sim 'ixgbe-lbtest-sim\.[0-9]+'
}

# selftest PORT MODE: ethtool -t; its output, result code and wall time are
# printed; the result code is left in $result (empty if none was printed),
# the output in $selftest_out, the wall time in $selftest_ms and, for a
# caller that ran it in a subshell (step), in the file $SELFTEST_MS.
selftest() {
	selftest_t0=$(uptime_ms)
	selftest_rc=0
	selftest_out=$(ethtool -t "$1" "$2" 2>&1) || selftest_rc=$?
	printf '%s\n' "$selftest_out"
	result=$(selftest_results | awk '$1 == "loopback" { print $2 }')
	selftest_ms=$(($(uptime_ms) - selftest_t0))
	echo "$selftest_ms" > "$SELFTEST_MS"
	echo "ethtool -t $1 $2: exit $selftest_rc, result code ${result:-none}," \
		"$selftest_ms ms wall"
	[ "$selftest_rc" -eq 0 ] && verdict_is PASS
}

# selftest_with KNOB PORT MODE: selftest with port 0's boolean KNOB set
# for the run only.
selftest_with() {
	sim_knob 0 "$1" Y || return 1
	selftest_with_rc=0
	selftest "$2" "$3" || selftest_with_rc=$?
	sim_knob 0 "$1" N
	return $selftest_with_rc
}

# sim_knob PORT_INDEX NAME [VALUE]: read or set a knob of the port.
sim_knob() {
	if [ $# -eq 3 ]; then
		echo "$3" > "$DEBUGFS/ixgbe-lbtest-sim.$1/$2"
	else
		cat "$DEBUGFS/ixgbe-lbtest-sim.$1/$2"
	fi
}

# nic_functions: the PCI functions of the emulated ixgbe NICs, one a line;
# nic_port FUNCTION: its network interface, if a driver has bound it.
IXGBE_DEVICE_IDS='0x10f7 0x1528 0x1563'
nic_functions() {
	for nic_functions_dev in "$SYSFS"/bus/pci/devices/*; do
		[ "$(cat "$nic_functions_dev/vendor")" = 0x8086 ] || continue
		case " $IXGBE_DEVICE_IDS " in
		*" $(cat "$nic_functions_dev/device") "*) echo "$nic_functions_dev" ;;
		esac
	done
}

nic_port() {
	ls "$1/net" 2>/dev/null
}

# nic_identifies PORT DRIVER: DRIVER, and a PCI address as bus-info.
nic_identifies() {
	identifies "$1" "$2" '[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]'
}

# link_up PORT: set it up and wait for its carrier.
link_up() {
	ip link set dev "$1" up && carrier_is "$1" 1
}

# carrier_is PORT 0|1: poll the port's carrier until it is that, 100 times
# 0.1 s at most.
carrier_is() {
	carrier_t0=$(uptime_ms) carrier_polls=0
	while [ "$(cat "$SYSFS/class/net/$1/carrier" 2>/dev/null)" != "$2" ]; do
		carrier_polls=$((carrier_polls + 1))
		if [ "$carrier_polls" -gt 100 ]; then
			echo "$1: carrier not $2 after 100 polls"
			return 1
		fi
		sleep 0.1
	done
	echo "$1: carrier $2 after $(($(uptime_ms) - carrier_t0)) ms"
}

# qemu_monitor COMMAND ARG...: one of QEMU's monitor commands (set_link
# only), asked over the serial port the host's scripts/vm/monitor-bridge
# serves (vm-test --monitor: monitor=TTY on the command line), done when
# the answer is "ok". QEMU_MONITOR: a program to ask instead (the host
# tests' stub).
qemu_monitor() {
	if [ -n "${QEMU_MONITOR:-}" ]; then
		"$QEMU_MONITOR" "$@"
		return
	fi
	qemu_monitor_tty=$(cmdline_value monitor)
	[ -n "$qemu_monitor_tty" ] || { echo "no monitor= on the command line"; return 1; }
	# a failed redirection of exec would end the script, not the function
	[ -c "/dev/$qemu_monitor_tty" ] || { echo "no /dev/$qemu_monitor_tty"; return 1; }
	exec 3<>"/dev/$qemu_monitor_tty"
	qemu_monitor_answer=
	# shellcheck disable=SC3045 # busybox's and bash's read have -t
	stty raw -echo <&3 &&
		echo "$*" >&3 &&
		read -r -t 30 qemu_monitor_answer <&3
	qemu_monitor_rc=$?
	exec 3>&-
	echo "monitor: $*: ${qemu_monitor_answer:-no answer}"
	[ "$qemu_monitor_rc" -eq 0 ] && [ "$qemu_monitor_answer" = ok ]
}

# link_test_follows_link PORT NETDEV: with the link of the port's QEMU
# netdev taken down (QEMU's set_link), the carrier goes, and ethtool -t
# online reports the link test 1 alone, and FAIL; with the link back, the
# carrier comes back, and PASS.
link_test_follows_link() {
	qemu_monitor set_link "$2" down && carrier_is "$1" 0 || return 1
	link_test_rc=0
	if selftest "$1" online; then
		echo "$1: PASS with the link down"
		link_test_rc=1
	fi
	link_test_failures=$(selftest_failures)
	[ "$link_test_failures" = link=1 ] ||
		{ echo "$1: results $link_test_failures with the link down, not link=1"; link_test_rc=1; }
	qemu_monitor set_link "$2" up && carrier_is "$1" 1 &&
		selftest_passes "$1" online && return $link_test_rc
}

# verdict_is PASS|FAIL: the last selftest's verdict, as ethtool printed it.
verdict_is() {
	printf '%s\n' "$selftest_out" | grep -qx "The test result is $1"
}

# selftest_results: the last selftest's results (register, eeprom,
# interrupt, loopback, link), a "TEST<TAB>CODE" line each ("loopback	13"),
# by the lab runner's parser of ethtool's result lines.
selftest_results() {
	printf '%s\n' "$selftest_out" | awk -f "$SELFTEST_RESULTS"
}

# selftest_failures: the last selftest's results as one word: "0" when the
# five are 0, "-" when there are none (ethtool failed), else the nonzero
# ones as TEST=CODE joined by "+" ("interrupt=1+loopback=11"), with
# "results=N" when N, not five, were printed.
selftest_failures() {
	selftest_results | awk '
		{ n++; if ($2) word = word (word ? "+" : "") $1 "=" $2 }
		END {
			if (n && n != 5) word = word (word ? "+" : "") "results=" n
			print n ? (word ? word : "0") : "-"
		}'
}

# all_results_pass: the last selftest printed ixgbe's five results, each 0,
# and PASS.
all_results_pass() {
	all_results_pass_failures=$(selftest_failures)
	[ "$all_results_pass_failures" = 0 ] ||
		{ echo "results: $all_results_pass_failures"; return 1; }
	verdict_is PASS
}

# The frames of one loopback run: 18 batches of 64 (ixgbe_run_loopback_test).
FRAMES_PER_RUN=1152

# looped_every_frame PORT: the emulated NIC looped every frame of PORT's
# last loopback run, by its own count (the test capability's LOOPED): a
# PASS the device did not earn fails here.
looped_every_frame() {
	looped_every_frame_n=$(test_cap_read "$SYSFS/class/net/$1/device/config" "$IXGBE_TEST_LOOPED")
	[ "$looped_every_frame_n" = "$FRAMES_PER_RUN" ] || {
		echo "$1: the device looped ${looped_every_frame_n:-no} frames, not $FRAMES_PER_RUN"
		return 1
	}
	echo "$1: the device looped its $FRAMES_PER_RUN frames"
}

# kernel_has_msi: the kernel can enable MSI and MSI-X: it has
# CONFIG_PCI_MSI (pci_msi_enabled() is there) and no pci=nomsi.
kernel_has_msi() {
	grep -q ' pci_msi_enabled$' "$PROCFS/kallsyms" &&
		! grep -qE '(^| )pci=nomsi( |$)' "$PROCFS/cmdline"
}

# interrupts FUNCTION: "OFFERED ENABLED", the best interrupt the function
# offers that the kernel can use (msix, msi or intx, by the capabilities
# the function has) and the one its driver enabled (by their enable bits,
# MSI's bit 0 and MSI-X's bit 15 of Message Control).
interrupts() {
	interrupts_offered=intx interrupts_enabled=intx
	# KIND ID and the byte and bit of Message Control that enable it
	for interrupts_cap in "msi 5 2 1" "msix 17 3 128"; do
		# shellcheck disable=SC2086 # four words
		set -- "$1" $interrupts_cap
		interrupts_at=$(pci_caps "$1/config" "$3" | head -n 1)
		[ -n "$interrupts_at" ] || continue
		! kernel_has_msi || interrupts_offered=$2
		[ $(($(test_cap_byte "$1/config" $((interrupts_at + $4))) & $5)) -eq 0 ] ||
			interrupts_enabled=$2
	done
	echo "$interrupts_offered $interrupts_enabled"
}

# kprobes_available: tracefs is mounted and the kernel has kprobe events
# (the i386 debug kernel has neither).
kprobes_available() {
	[ -d "$TRACING/events" ] || mount -t tracefs nodev "$TRACING" 2>/dev/null
	[ -e "$TRACING/kprobe_events" ]
}

# The handler only ixgbe's interrupt test registers (ixgbe_test_intr), its
# calls counted by a kprobe: test_intr_probe_on once ixgbe is loaded,
# test_intr_calls for the count so far, test_intr_probe_off before the
# module goes.
test_intr_probe_on() {
	grep -qE " ixgbe_test_intr[[:space:]]+\[ixgbe\]\$" "$PROCFS/kallsyms" ||
		{ echo "the loaded ixgbe has no ixgbe_test_intr"; return 1; }
	echo "p:lbtest/test_intr ixgbe_test_intr" >> "$TRACING/kprobe_events" &&
		echo 1 > "$TRACING/events/lbtest/test_intr/enable"
}

test_intr_calls() {
	awk '$1 == "test_intr" { print $2 }' "$TRACING/kprobe_profile"
}

test_intr_probe_off() {
	echo 0 > "$TRACING/events/lbtest/test_intr/enable" &&
		echo "-:lbtest/test_intr" >> "$TRACING/kprobe_events"
}

# interrupt_tested PORT CALLS: the port's driver enabled the best interrupt
# its function offers, and the offline run since test_intr_calls said CALLS
# tested it: under MSI or INTx, ixgbe_intr_test raises each of EICR's
# bits 0-9 unmasked and waits for its handler's call (ten calls at least:
# 19 where the line is its own, as its EICS of the other bits leaves the
# next one pending; more where it is shared); under MSI-X it tests nothing
# and reports 0, and the handler is never called. CALLS "-": no kprobe to
# count with, the interrupt alone is checked.
interrupt_tested() {
	if [ "$2" = - ]; then
		# shellcheck disable=SC2046 # two words
		set -- "$1" "$2" $(interrupts "$SYSFS/class/net/$1/device")
		echo "$1: offers $3, uses $4; the handler's calls not counted (no kprobe events)"
		[ "$3" = "$4" ]
		return
	fi
	interrupt_tested_calls=$(test_intr_calls)
	if [ -z "$interrupt_tested_calls" ] || [ -z "$2" ]; then
		echo "$1: no count of the interrupt test's handler"
		return 1
	fi
	interrupt_tested_calls=$((interrupt_tested_calls - $2))
	# shellcheck disable=SC2046 # two words
	set -- "$1" "$2" $(interrupts "$SYSFS/class/net/$1/device")
	echo "$1: offers $3, uses $4; the interrupt test's handler called" \
		"$interrupt_tested_calls times"
	[ "$3" = "$4" ] || return 1
	case $4 in
	msix) [ "$interrupt_tested_calls" -eq 0 ] ;;
	*) [ "$interrupt_tested_calls" -ge 10 ] ;;
	esac
}

# NIC_FAULTS, one a line: FAULT FRAME CODE, the fault (nic_fault), the
# frame of the run it hits, and the result code ethtool must report (enum
# ixgbe_lbtest_result in ixgbe_lbtest.h). Frame 5 is in the first lap of
# the 512-entry rings, frame 600 in the second, where every buffer already
# holds a good frame of the first; frame 63 ends the first batch.
# shellcheck disable=SC2034 # for the scripts that source this file
NIC_FAULTS='
drop		5	13
drop		63	13
corrupt 522	5	17
corrupt 100	600	17
truncate 512	5	16
truncate 512	600	16
rx_error	5	15
stale		600	18
late 50		5	0
late 5000	5	13
stall		5	14
'

# nic_fault FUNCTION FAULT FRAME: arm FAULT ("drop", "corrupt K", "late
# MS"...: qemu/ixgbe_fault.h) at frame FRAME of the next loopback run.
nic_fault() {
	test_cap_arm "$1/config" "${2%% *}" "$(echo "$2" | awk '{ print $2 + 0 }')" "$3"
}
