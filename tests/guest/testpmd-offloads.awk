# What a DPDK checksum-offload run shows of the emulated NIC's descriptors
# (tests/guest/dpdk-testpmd), from its log: testpmd's answer to stop after
# csum forwarding with the IPv4 header checksum asked of the PMD (the
# device's POPTS.IXSM), then what it printed of a burst taken in rxonly
# with verbose 1. A line per port and one for the burst; exit 1 unless
# - each of ports 0 and 1 received frames in csum forwarding, none with a
#   bad IPv4 or L4 checksum (the PMD's flags from the Rx write-back's IPE
#   and TCPE: a checksum the sending port left out is bad);
# - the burst dumped frames, each with the packet type the PMD read from
#   the Rx write-back ("hw ptype") equal to testpmd's own parse of the
#   frame ("sw ptype"), and none flagged with a bad checksum.
# Busybox awk, mawk and gawk (tests/t-testpmd-counts).
{ sub(/\r$/, "") }
/Forward statistics for port/ { p = $6; block = 1; next }
block && /RX-packets:/ { block_rx = $2 }
block && /Bad-ipcsum:/ { csum[p] = 1; rx[p] = block_rx; bad_ip[p] = $2; bad_l4[p] = $4 }
/----------------------------------------------------------------------------/ { block = 0 }
/ - sw ptype: / {
	hw = "none"
	if ((i = index($0, " - hw ptype: ")) > 0) {
		hw = substr($0, i + 13)
		hw = substr(hw, 1, index(hw, " - ") - 1)
	}
	sw = substr($0, index($0, " - sw ptype: ") + 13)
	if ((i = index(sw, " - ")) > 0) sw = substr(sw, 1, i - 1)
	sub(/ +$/, "", hw)
	sub(/ +$/, "", sw)
	frames++
	if (hw != sw) {
		if (!other++) first = "hw " hw ", sw " sw
	} else if (same++ == 0) {
		ptype = hw
	}
}
/ol_flags:.*CKSUM_BAD/ { flagged++ }
END {
	bad = 0
	for (p = 0; p <= 1; p++) {
		if (!csum[p]) {
			print "port " p ": no csum forwarding statistics"
			bad = 1
			continue
		}
		printf "port %d csum forwarding: %d frames received, %d with a bad IPv4 checksum, %d with a bad L4 checksum\n", p, rx[p], bad_ip[p], bad_l4[p]
		if (rx[p] + 0 == 0) { print "port " p ": no frames forwarded"; bad = 1 }
		if (bad_ip[p] + 0 || bad_l4[p] + 0) { print "port " p ": bad checksums"; bad = 1 }
	}
	printf "rxonly burst: %d frames, %d with the packet type testpmd parses (%s), %d with another, %d flagged with a bad checksum\n", frames, same, same ? ptype : "-", other, flagged
	if (!frames) { print "no frame dumped in rxonly"; bad = 1 }
	if (other) { print other " frames with another packet type in hardware (first: " first ")"; bad = 1 }
	if (flagged) { print flagged " frames flagged with a bad checksum"; bad = 1 }
	exit bad
}
