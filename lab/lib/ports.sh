# shellcheck shell=bash
# The machine's ixgbe ports: what they are, whether the offline test may
# take one down, and the state to give back.

# ixgbe_ports: "NAME PCI" of every net device bound to ixgbe, one a line.
ixgbe_ports() {
	local dev
	for dev in "$SYSFS"/class/net/*; do
		[ -e "$dev/device/driver" ] || continue
		[ "$(basename "$(readlink -f "$dev/device/driver")")" = ixgbe ] || continue
		echo "${dev##*/} $(basename "$(readlink -f "$dev/device")")"
	done
}

# port_of_pci PCI: the net device PCI has now (names may change on reload).
port_of_pci() {
	local net
	for net in "$SYSFS/bus/pci/devices/$1/net"/*; do
		[ -e "$net" ] && { echo "${net##*/}"; return 0; }
	done
	return 1
}

# wait_port_of_pci PCI SECONDS: the same, waiting for the driver to probe.
wait_port_of_pci() {
	local tries=$(($2 * 10))
	until port_of_pci "$1"; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		sleep 0.1
	done
}

# family ID: the family lab/ixgbe-devices gives a PCI device ID.
family() {
	awk -v id="$1" '$1 == id { print $2 " " $3; f = 1 } END { if (!f) print "unknown -" }' \
		"$LAB_DATA/ixgbe-devices"
}

# ethtool_info PORT FIELD: a field of ethtool -i (driver, version,
# firmware-version, bus-info).
ethtool_info() {
	{ ethtool -i "$1" 2>/dev/null || true; } | sed -n "s/^$2: //p"
}

# describe PORT PCI: "PCI ID FAMILY NAME DRIVER VERSION FIRMWARE LINK",
# tab-separated (firmware versions have spaces).
describe() {
	local id fam drv ver fw
	id=$(cat "$SYSFS/bus/pci/devices/$2/device")
	fam=$(family "$id")
	drv=$(ethtool_info "$1" driver) ver=$(ethtool_info "$1" version)
	fw=$(ethtool_info "$1" firmware-version)
	# "-" for what ethtool does not say: a tab-separated read merges empty fields
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$id" "${fam% *}" "${fam#* }" \
		"${drv:--}" "${ver:--}" "${fw:--}" "$(link_state "$1")"
}

link_state() {
	if [ "$(cat "$SYSFS/class/net/$1/carrier" 2>/dev/null)" = 1 ]; then
		echo up
	else
		echo down
	fi
}

admin_up() {
	ip -o link show dev "$1" | grep -qE '<([^>]*,)?UP(,[^>]*)?>'
}

# addresses PORT: the port's global addresses, CIDR, one a line (link-local
# ones come back by themselves).
addresses() {
	{ ip -o addr show dev "$1" 2>/dev/null || true; } | awk '$4 !~ /^fe80:/ && / scope global/ { print $4 }'
}

# routes PORT: the routes through the port, "4 ROUTE" or "6 ROUTE", ROUTE
# as "ip -4|-6 route add ROUTE dev PORT" takes it (link-local, multicast
# and router advertisement routes come back by themselves).
routes() {
	local fam
	for fam in 4 6; do
		{ ip -"$fam" route show dev "$1" 2>/dev/null || true; } |
			{ grep -vE '^(fe80:|ff00:|multicast|local|anycast|broadcast)|proto ra' || true; } |
			sed -e 's/ linkdown//' -e 's/ expires [^ ]*//' -e 's/ *$//' -e "s/^/$fam /"
	done
}

# save_state PORT FILE: name, admin state, MTU, addresses and routes, to
# give back.
save_state() {
	{
		echo "name $1"
		echo "link $(link_state "$1")"
		if admin_up "$1"; then echo "admin up"; else echo "admin down"; fi
		echo "mtu $(cat "$SYSFS/class/net/$1/mtu")"
		addresses "$1" | sed 's/^/addr /'
		routes "$1" | sed 's/^/route /'
	} > "$2"
}

# give_names_back PORTS_FILE: after a driver reload, each port ("NAME
# PCI" in PORTS_FILE, as found before it) gets its NAME again. In two
# passes, so that two ports whose names the reload swapped get them back:
# each renamed port gets a name no port has first.
give_names_back() {
	local name pci now n=0
	while read -r name pci; do
		n=$((n + 1))
		now=$(port_of_pci "$pci") || continue
		[ "$now" != "$name" ] || continue
		{ ip link set dev "$now" down && ip link set dev "$now" name "lbtest$n"; } || true
	done < "$1"
	while read -r name pci; do
		now=$(port_of_pci "$pci") || continue
		[ "$now" != "$name" ] || continue
		{ [ ! -e "$SYSFS/class/net/$name" ] && ip link set dev "$now" name "$name"; } ||
			echo "lab-selftest: $pci: cannot give its port back the name $name"
	done < "$1"
}

# restore_state PORT FILE: give the port back its saved state (its name
# is given back by give_names_back); prints what it did and, for a port
# that was up, how long the link took to come back. Fails, saying what, if
# any of it could not be given back.
restore_state() {
	local port=$1 file=$2 name admin mtu addr fam route t0 link='' failed=''
	name=$(sed -n 's/^name //p' "$file")
	admin=$(sed -n 's/^admin //p' "$file")
	mtu=$(sed -n 's/^mtu //p' "$file")
	[ "$port" = "$name" ] || failed+=" name $name"
	[ "$(cat "$SYSFS/class/net/$port/mtu")" = "$mtu" ] ||
		ip link set dev "$port" mtu "$mtu" || failed+=" mtu"
	while read -r addr; do
		[ -n "$addr" ] || continue
		addresses "$port" | grep -qxF "$addr" || ip addr add "$addr" dev "$port" ||
			failed+=" $addr"
	done <<< "$(sed -n 's/^addr //p' "$file")"
	if [ "$admin" = down ]; then
		ip link set dev "$port" down || failed+=" down"
	else
		ip link set dev "$port" up || failed+=" up"
		t0=$(now_ms)
		if wait_link "$port" 300; then
			link=", link up after $(($(now_ms) - t0)) ms"
		else
			link=", no link after 30 s"
		fi
		# Only what is missing: the kernel's own routes are back with the
		# addresses, and must stay the kernel's.
		while read -r fam route; do
			[ -n "$fam" ] || continue
			routes "$port" | grep -qxF "$fam $route" && continue
			# shellcheck disable=SC2086 # ROUTE is words of ip's own output
			ip -"$fam" route add $route dev "$port" || failed+=" route $route"
		done <<< "$(sed -n 's/^route //p' "$file")"
	fi
	echo -n "$port $admin, mtu $mtu, $(grep -c '^addr ' "$file") addresses$link"
	if [ -n "$failed" ]; then
		echo "; could not restore:$failed"
		return 1
	fi
	echo
}

# wait_link PORT POLLS: poll the carrier every 0.1 s, POLLS times at most.
wait_link() {
	local polls=0
	while [ "$(link_state "$1")" != up ]; do
		polls=$((polls + 1))
		[ "$polls" -le "$2" ] || return 1
		sleep 0.1
	done
}

# uppers PORT: the devices stacked on the port (VLANs, macvlans, bonds,
# bridges...), and theirs, one a line.
uppers() {
	local up
	for up in "$SYSFS/class/net/$1"/upper_*; do
		[ -e "$up" ] || continue
		up=${up##*/upper_}
		echo "$up"
		uppers "$up"
	done
}

# ssh_peers: "LOCAL PEER" of this machine's SSH sessions: the caller's
# (SSH_CONNECTION, which sudo drops) and every one sshd holds (ss).
ssh_peers() {
	[ -z "${SSH_CONNECTION:-}" ] || echo "$SSH_CONNECTION" | awk '{ print $3, $1 }'
	command -v ss >/dev/null || return 0
	ss -tnp state established 2>/dev/null | awk 'NR > 1 && /"sshd/ { print $3, $4 }' |
		sed -e 's/:[0-9]* / /' -e 's/:[0-9]*$//' -e 's/[][]//g' -e 's/::ffff://g' -e 's/%[^ ]*//g'
}

# route_dev ADDRESS: the device the kernel sends to ADDRESS through.
route_dev() {
	ip -o route get "$1" 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }'
}

# default_devs: every device a default route (of any table, each next hop
# of a multipath one) goes through.
default_devs() {
	local fam
	for fam in 4 6; do
		{ ip -o -"$fam" route show table all 2>/dev/null || ip -o -"$fam" route show; } |
			awk '$1 == "default" { for (i = 1; i < NF; i++) if ($i == "dev") print $(i + 1) }'
	done
}

# unsafe PORT: why taking PORT down could cut this machine off (nothing,
# and false, when it cannot): the port, or a device stacked on it, carries
# a default route or an SSH session, or the port is in a bond or bridge.
unsafe() {
	local port=$1 dev devs defaults peers laddr peer master via
	devs=$(echo "$port"; uppers "$port")
	defaults=$(default_devs)
	peers=$(ssh_peers | sort -u)
	for dev in $devs; do
		via=
		[ "$dev" = "$port" ] || via=" (through $dev)"
		if grep -qxF "$dev" <<< "$defaults"; then
			echo "$port carries the default route$via"
			return 0
		fi
		while read -r laddr peer; do
			[ -n "$laddr" ] || continue
			if addresses "$dev" | awk -v a="$laddr" 'index($0, a "/") == 1 { f = 1 } END { exit !f }' ||
			   [ "$(route_dev "$peer")" = "$dev" ]; then
				echo "$port carries the SSH session from $peer to $laddr$via"
				return 0
			fi
		done <<< "$peers"
	done
	if [ -e "$SYSFS/class/net/$port/master" ]; then
		master=$(basename "$(readlink -f "$SYSFS/class/net/$port/master")")
		echo "$port is a member of $master (bond or bridge)"
		return 0
	fi
	return 1
}

# unsafe_to_reload PORT: what a driver reload would destroy on the port
# that lab-selftest cannot give back.
unsafe_to_reload() {
	local up
	up=$(uppers "$1" | tr '\n' ' ')
	[ -z "$up" ] || echo "$1 has devices stacked on it (${up% }) that a driver reload deletes"
	[ "$(vfs "$1")" -eq 0 ] || echo "$1 has $(vfs "$1") VFs that a driver reload destroys"
}

# unseen_functions PORTS_FILE: the PCI functions bound to ixgbe that have
# no port here (in another network namespace): a reload would bring them
# back in this one.
unseen_functions() {
	local fn found=1
	for fn in "$SYSFS"/bus/pci/drivers/ixgbe/[0-9a-f]*:*; do
		[ -e "$fn" ] || continue
		awk -v f="${fn##*/}" '$2 == f { x = 1 } END { exit !x }' "$1" && continue
		echo "${fn##*/} is bound to ixgbe but has no port in this network namespace; a driver reload would take it from its namespace"
		found=0
	done
	return $found
}

# vfs PORT: how many VFs the port has enabled.
vfs() {
	cat "$SYSFS/class/net/$1/device/sriov_numvfs" 2>/dev/null || echo 0
}
