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
	ethtool -i "$1" 2>/dev/null | sed -n "s/^$2: //p"
}

# describe PORT PCI: "PCI ID FAMILY NAME DRIVER VERSION FIRMWARE LINK",
# tab-separated (firmware versions have spaces).
describe() {
	local id fam
	id=$(cat "$SYSFS/bus/pci/devices/$2/device")
	fam=$(family "$id")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$id" "${fam% *}" "${fam#* }" \
		"$(ethtool_info "$1" driver)" "$(ethtool_info "$1" version)" \
		"$(ethtool_info "$1" firmware-version)" "$(link_state "$1")"
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
	ip -o addr show dev "$1" | awk '$4 !~ /^fe80:/ && / scope global/ { print $4 }'
}

# routes PORT: the routes through the port, "4 ROUTE" or "6 ROUTE", ROUTE
# as "ip -4|-6 route add ROUTE dev PORT" takes it (link-local, multicast
# and router advertisement routes come back by themselves).
routes() {
	local fam
	for fam in 4 6; do
		ip -"$fam" route show dev "$1" 2>/dev/null |
			{ grep -vE '^(fe80:|ff00:|multicast|local|anycast|broadcast)|proto ra' || true; } |
			sed -e 's/ linkdown//' -e 's/ *$//' -e "s/^/$fam /"
	done
}

# save_state PORT FILE: admin state, MTU, addresses and routes, to give back.
save_state() {
	{
		echo "link $(link_state "$1")"
		if admin_up "$1"; then echo "admin up"; else echo "admin down"; fi
		echo "mtu $(cat "$SYSFS/class/net/$1/mtu")"
		addresses "$1" | sed 's/^/addr /'
		routes "$1" | sed 's/^/route /'
	} > "$2"
}

# restore_state PORT FILE: give the port back its saved state; prints what
# it did and, for a port that was up, how long the link took to come back.
restore_state() {
	local port=$1 file=$2 admin mtu addr t0
	admin=$(sed -n 's/^admin //p' "$file")
	mtu=$(sed -n 's/^mtu //p' "$file")
	[ "$(cat "$SYSFS/class/net/$port/mtu")" = "$mtu" ] || ip link set dev "$port" mtu "$mtu"
	sed -n 's/^addr //p' "$file" | while read -r addr; do
		addresses "$port" | grep -qxF "$addr" || ip addr add "$addr" dev "$port"
	done
	if [ "$admin" = down ]; then
		ip link set dev "$port" down
		echo "down, mtu $mtu, $(grep -c '^addr ' "$file") addresses"
		return 0
	fi
	ip link set dev "$port" up
	t0=$(now_ms)
	wait_link "$port" 300 || true
	# Only what is missing: the kernel's own routes are back with the
	# addresses, and must stay the kernel's.
	sed -n 's/^route //p' "$file" | while read -r fam route; do
		routes "$port" | grep -qxF "$fam $route" && continue
		# shellcheck disable=SC2086 # ROUTE is words of ip's own output
		ip -"$fam" route add $route dev "$port"
	done
	if [ "$(link_state "$port")" = up ]; then
		echo "up, mtu $mtu, $(grep -c '^addr ' "$file") addresses, link up after $(($(now_ms) - t0)) ms"
	else
		echo "up, mtu $mtu, $(grep -c '^addr ' "$file") addresses, no link after 30 s"
	fi
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

# ssh_addresses: the local addresses of this machine's SSH sessions.
ssh_addresses() {
	[ -z "${SSH_CONNECTION:-}" ] || echo "$SSH_CONNECTION" | awk '{ print $3 }'
	if command -v ss >/dev/null; then
		ss -Htnp state established 2>/dev/null | awk '/"sshd/ { print $3 }' |
			sed -e 's/:[0-9]*$//' -e 's/^\[//' -e 's/\]$//' -e 's/^::ffff://'
	fi
}

# unsafe PORT: why taking PORT down could cut this machine off (nothing,
# and false, when it cannot).
unsafe() {
	local port=$1 addr master
	if ip route show default 2>/dev/null | grep -qE "^default .*dev $port( |$)" ||
	   ip -6 route show default 2>/dev/null | grep -qE "^default .*dev $port( |$)"; then
		echo "$port carries the default route"
		return 0
	fi
	for addr in $(ssh_addresses | sort -u); do
		if addresses "$port" | grep -q "^$addr/"; then
			echo "$port has $addr, the address of an SSH session"
			return 0
		fi
	done
	if [ -e "$SYSFS/class/net/$port/master" ]; then
		master=$(basename "$(readlink -f "$SYSFS/class/net/$port/master")")
		echo "$port is a member of $master (bond or bridge)"
		return 0
	fi
	return 1
}

# vfs PORT: how many VFs the port has enabled.
vfs() {
	cat "$SYSFS/class/net/$1/device/sriov_numvfs" 2>/dev/null || echo 0
}
