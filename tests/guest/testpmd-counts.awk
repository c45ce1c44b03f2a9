# What testpmd counted for each port in a forwarding run, against the
# hardware counters its ixgbe PMD reads (tests/guest/dpdk-testpmd), from
# the run's log (testpmd's answers to stop, stop, show port stats all,
# show port xstats all). Three lines per port, and exit 1 unless,
# for each port:
# - testpmd's per-stream software count of frames received equals the
#   PMD's RX-packets (the sum of the queue sets' QPRC), the QPRC of the
#   port's queue set, and rx_total_packets (TPR), none missed or in error;
# - its count of frames sent, none dropped, equals TX-packets (GPTC), the
#   QPTC of the queue set, and tx_total_packets (TPT);
# - RX-bytes (the sets' QBRC), the set's QBRC and rx_total_bytes (TOR less
#   the FCS) are frame bytes (-v frame=N: testpmd's frames, without the
#   FCS) a frame received, and TX-bytes (GOTC less the FCS) and the set's
#   QBTC a frame sent;
# and, over the ports, frames and octets sent equal those received. The
# queue set is 0, but qmap_set for port qmap_port (-v; testpmd's set
# stat_qmap there). testpmd counts no octets of its own. Busybox awk, mawk
# and gawk (tests/t-testpmd-counts).
BEGIN {
	if (qmap_port == "") qmap_port = -1
	if (frame == "") frame = 64
}
/Forward Stats for RX Port=/ {
	line = $0
	gsub(/[=\/]/, " ", line)
	split(line, f, " ")
	rxp = f[7]; txp = f[13]; stream = 1
	ports[rxp] = 1; ports[txp] = 1
	next
}
stream && /RX-packets:/ { sw_rx[rxp] += $2; sw_tx[txp] += $4; sw_drop[txp] += $6; stream = 0 }
/NIC statistics for port/ { p = $6; hw = 1; ports[p] = 1 }
/NIC extended statistics for port/ { p = $NF; hw = 0; xs = 1 }
hw && /RX-packets:/ { rx[p] = $2; missed[p] = $4; rxb[p] = $6 }
hw && /RX-errors:/ { rxerr[p] = $2 }
hw && /TX-packets:/ { tx[p] = $2; txb[p] = $6 }
xs && /^[a-z0-9_]+: [0-9]+$/ { x[p, substr($1, 1, length($1) - 1)] = $2 }
END {
	bad = 0; n = 0; last = -1
	for (p in ports) if (p + 0 > last) last = p + 0
	for (p = 0; p <= last; p++) {
		if (!(p in ports)) continue
		n++
		set = p == qmap_port ? qmap_set : 0
		qprc = x[p, "rx_q" set "_packets"]; qbrc = x[p, "rx_q" set "_bytes"]
		qptc = x[p, "tx_q" set "_packets"]; qbtc = x[p, "tx_q" set "_bytes"]
		tpr = x[p, "rx_total_packets"]; tpt = x[p, "tx_total_packets"]
		tor = x[p, "rx_total_bytes"]
		printf "port %d rx: software %d, RX-packets %d (QPRC), set %d %d, rx_total_packets %d (TPR); missed %d, errors %d\n",
			p, sw_rx[p], rx[p], set, qprc, tpr, missed[p], rxerr[p]
		printf "port %d tx: software %d (dropped %d), TX-packets %d (GPTC), set %d %d (QPTC), tx_total_packets %d (TPT)\n",
			p, sw_tx[p], sw_drop[p], tx[p], set, qptc, tpt
		printf "port %d octets: RX-bytes %d (QBRC), set %d %d, rx_total_bytes %d (TOR); TX-bytes %d (GOTC), set %d %d (QBTC)\n",
			p, rxb[p], set, qbrc, tor, txb[p], set, qbtc
		if (sw_rx[p] == 0 || sw_rx[p] != rx[p] || rx[p] != qprc || rx[p] != tpr ||
		    missed[p] != 0 || rxerr[p] != 0) { print "port " p ": receive counts differ"; bad = 1 }
		if (sw_tx[p] == 0 || sw_drop[p] != 0 || sw_tx[p] != tx[p] || tx[p] != qptc ||
		    tx[p] != tpt) { print "port " p ": transmit counts differ"; bad = 1 }
		if (rxb[p] != frame * rx[p] || qbrc != rxb[p] || tor != rxb[p] ||
		    txb[p] != frame * tx[p] || qbtc != txb[p]) {
			print "port " p ": octet counts are not " frame " a frame"; bad = 1
		}
		all_rx += rx[p]; all_tx += tx[p]; all_rxb += rxb[p]; all_txb += txb[p]
	}
	printf "all ports: %d frames and %d octets sent, %d and %d received\n", all_tx, all_txb, all_rx, all_rxb
	if (all_rx != all_tx || all_rxb != all_txb) { print "frames or octets lost"; bad = 1 }
	if (n < 2) { print "counts of fewer than two ports"; bad = 1 }
	exit bad
}
