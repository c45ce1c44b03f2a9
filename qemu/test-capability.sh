# shellcheck shell=sh
# shellcheck disable=SC2154 # the layout is what qemu/test-capability-sh prints above
# The emulated NIC's test capability in a PCI function's configuration
# space (CONFIG: its sysfs config file), for the tests' shell, busybox's or
# bash. Not run from here: qemu/test-capability-sh prints the layout it
# reads from qemu/ixgbe_regs.h and qemu/ixgbe_fault.h, then this file.

test_cap_byte() { # CONFIG OFFSET
	od -An -tu1 -j "$2" -N 1 "$1" | tr -d ' '
}

# pci_caps CONFIG ID: the offsets of the capabilities with ID in the
# list of a function's configuration space, one a line, in list order.
pci_caps() {
	pci_caps_at=$(($(test_cap_byte "$1" 52) & 252)) pci_caps_hops=0
	while [ "$pci_caps_at" -ne 0 ] && [ "$pci_caps_hops" -lt 48 ]; do
		[ "$(test_cap_byte "$1" "$pci_caps_at")" -ne "$2" ] || echo "$pci_caps_at"
		pci_caps_at=$(($(test_cap_byte "$1" $((pci_caps_at + 1))) & 252))
		pci_caps_hops=$((pci_caps_hops + 1))
	done
}

# test_cap_present CONFIG: the capability list reaches a vendor-specific
# capability of the test capability's size at its offset. No Intel part
# has it, nor an emulated one created without x-test-capability=on.
test_cap_present() {
	pci_caps "$1" 9 | grep -qx "$IXGBE_CAP_TEST" &&
		[ "$(test_cap_byte "$1" $((IXGBE_CAP_TEST + 2)))" -eq "$IXGBE_CAP_TEST_SIZE" ]
}

# test_cap_read CONFIG REG: a dword of the capability, in decimal.
test_cap_read() {
	dd if="$1" bs=4 skip=$(((IXGBE_CAP_TEST + $2) / 4)) count=1 2>/dev/null |
		od -An -tu4 | tr -d ' '
}

# test_cap_write CONFIG REG VALUE: one 4-byte write, little-endian.
# fullblock: printf may hand the pipe the bytes in pieces, and a short
# write to config space is not the register's.
test_cap_write() {
	# shellcheck disable=SC2059 # the octal escapes are the format
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($3 & 255)) \
		$(($3 >> 8 & 255)) $(($3 >> 16 & 255)) $(($3 >> 24 & 255)))" |
		dd of="$1" bs=4 seek=$(((IXGBE_CAP_TEST + $2) / 4)) count=1 \
			conv=notrunc iflag=fullblock status=none
}

# test_cap_kind FAULT: the number of fault kind FAULT ("drop", "corrupt"...).
test_cap_kind() {
	test_cap_n=0
	for test_cap_name in $IXGBE_FAULT_KINDS; do
		[ "$test_cap_name" != "$1" ] || { echo "$test_cap_n"; return 0; }
		test_cap_n=$((test_cap_n + 1))
	done
	echo "no fault '$1' ($IXGBE_FAULT_KINDS)" >&2
	return 1
}

# test_cap_arm CONFIG FAULT ARG FRAME: FAULT with ARG at frame FRAME of the
# next loopback run. Writing the kind arms it, so it goes last; reading it
# back shows the device took it.
test_cap_arm() {
	test_cap_k=$(test_cap_kind "$2") &&
		test_cap_write "$1" "$IXGBE_TEST_ARG" "$3" &&
		test_cap_write "$1" "$IXGBE_TEST_FRAME" "$4" &&
		test_cap_write "$1" "$IXGBE_TEST_FAULT" "$test_cap_k" &&
		[ "$(test_cap_read "$1" "$IXGBE_TEST_FAULT")" = "$test_cap_k" ]
}
