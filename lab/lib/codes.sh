# shellcheck shell=bash
# What each of ixgbe's self-test results means. The loopback test's codes
# depend on the driver: with the loopback-test series (its functions are
# in the running module, ixgbe_lbtest_run) they are enum
# ixgbe_lbtest_result; without it, upstream's.

# series_loaded: the running ixgbe carries the series.
series_loaded() {
	grep -qE ' ixgbe_lbtest_run(\.[a-z0-9.]*)?[[:space:]]+\[ixgbe\]' "$PROCFS/kallsyms" 2>/dev/null
}

# meaning TEST CODE SERIES: one line for ethtool's result CODE of TEST
# (register, eeprom, interrupt, loopback, link); SERIES is y when the
# running driver has the series.
meaning() {
	local test=$1 code=$2 series=$3
	if [ "$code" -eq 0 ]; then
		echo "passed"
		return 0
	fi
	case $test in
	register) echo "register 0x$(printf '%x' "$code") did not hold the pattern written (1: the test was blocked, see the driver's log)" ;;
	eeprom) echo "the NVM checksum is wrong, or the test was blocked (see the driver's log)" ;;
	interrupt)
		case $code in
		1) echo "the test interrupt could not be requested, or the test was blocked" ;;
		3) echo "an interrupt fired while it was masked" ;;
		4) echo "an enabled interrupt did not fire" ;;
		5) echo "an interrupt fired for a cause that was not raised" ;;
		*) echo "interrupt test failure $code" ;;
		esac ;;
	link) echo "no link (offline: before the MAC reset; online: now)" ;;
	loopback) loopback_meaning "$code" "$series" ;;
	*) echo "result $code" ;;
	esac
}

loopback_meaning() {
	case $1 in
	1) echo "the Tx test ring could not be allocated (memory pressure; retry)" ;;
	4) echo "the Rx test ring or its buffers could not be allocated (memory pressure; retry)" ;;
	10) echo "MAC loopback could not be set: the MAC/PHY does not support it, not a hardware fault" ;;
	11) if [ "$2" = y ]; then
		echo "no memory for a test frame or for the test Rx ring's buffers (memory pressure; retry)"
	    else
		echo "no memory for a test frame (retry)"
	    fi ;;
	12) echo "the Tx ring refused a frame: reset the port and rerun" ;;
	*) if [ "$2" = y ]; then series_loopback_meaning "$1"; else upstream_loopback_meaning "$1"; fi ;;
	esac
}

series_loopback_meaning() {
	case $1 in
	13) echo "a frame was lost in MAC loopback: rerun; if it repeats, suspect the NIC (ethtool -S: rx_missed, rx_no_dma_resources)" ;;
	14) echo "Tx write-backs missing after 200 ms: a stalled Tx DMA engine or a loopback that did not take; rerun after a reset, then suspect the NIC" ;;
	15) echo "an Rx write-back has an error bit (CRC, length, byte, oversize) or lacks DD/EOP: MAC/PCS fault, the NIC is suspect" ;;
	16) echo "an Rx write-back's length is not the frame's: truncation in the MAC or the Rx set-up" ;;
	17) echo "a frame came back with different bytes: corruption on the DMA or MAC path (NIC, slot or PCIe link)" ;;
	18) echo "an Rx buffer holds a frame of an earlier lap: a DMA write that never landed (NIC, IOMMU or PCIe)" ;;
	19) echo "refused: an AF_XDP zero-copy socket holds queue 0; stop it and rerun" ;;
	20) echo "not run: SR-IOV or VMDq is enabled; remove the VFs and macvlan offload to test" ;;
	*) echo "loopback result $1 (see the series' README, Result codes)" ;;
	esac
}

upstream_loopback_meaning() {
	case $1 in
	13) echo "not all 64 frames of a batch came back intact within 200 ms (lost or corrupt): rerun; if it repeats, suspect the NIC" ;;
	*) echo "loopback result $1" ;;
	esac
}

# vmdq_in_use PORT: macvlans offloaded to the port's VMDq pools, which
# make ixgbe skip the loopback test: l2-fwd-offload on, and a device stacked
# on the port that is not a VLAN, bond or bridge (sysfs does not name a
# macvlan as one).
vmdq_in_use() {
	local up name
	{ ethtool -k "$1" 2>/dev/null || true; } | grep -q '^l2-fwd-offload: on' || return 1
	for up in "$SYSFS/class/net/$1"/upper_*; do
		[ -e "$up" ] || continue
		name=${up##*/upper_}
		[ -e "$PROCFS/net/vlan/$name" ] || [ -e "$up/bonding" ] || [ -e "$up/bridge" ] ||
			return 0
	done
	return 1
}

# skipped TEST CODE SERIES VMDQ: the reason when the result is not a
# verdict on the hardware: the series' 20, or upstream's silent skip, a 0
# while VMDq was in use (VMDQ y; upstream logs it only at debug level).
skipped() {
	[ "$1" = loopback ] || return 1
	if [ "$3" = y ] && [ "$2" -eq 20 ]; then
		echo "20: $(series_loopback_meaning 20)"
	elif [ "$3" != y ] && [ "$2" -eq 0 ] && [ "$4" = y ]; then
		echo "not run: VMDq is in use (offloaded macvlans), and this ixgbe skips the test and reports 0"
	else
		return 1
	fi
}
