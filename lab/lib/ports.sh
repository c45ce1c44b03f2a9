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
	local deadline=$(($(now_ms) + $2 * 1000))
	until port_of_pci "$1"; do
		[ "$(now_ms)" -lt "$deadline" ] || return 1
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

# (A grep at the end of a pipe reads it all, without -q: -q quits at the
# first match, the writer then dies of SIGPIPE, and pipefail fails the pipe.)
admin_up() {
	ip -o link show dev "$1" | grep -E '<([^>]*,)?UP(,[^>]*)?>' > /dev/null
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
		addresses "$port" | grep -xF "$addr" > /dev/null || ip addr add "$addr" dev "$port" ||
			failed+=" $addr"
	done <<< "$(sed -n 's/^addr //p' "$file")"
	if [ "$admin" = down ]; then
		ip link set dev "$port" down || failed+=" down"
	else
		ip link set dev "$port" up || failed+=" up"
		t0=$(now_ms)
		# (a port that had no link is not waited for)
		if [ "$(sed -n 's/^link //p' "$file")" != up ]; then
			link=", no link, as before"
		elif wait_link "$port" 30; then
			link=", link up after $(($(now_ms) - t0)) ms"
		else
			link=", no link after 30 s"
		fi
		# Only what is missing: the kernel's own routes are back with the
		# addresses, and must stay the kernel's.
		while read -r fam route; do
			[ -n "$fam" ] || continue
			routes "$port" | grep -xF "$fam $route" > /dev/null && continue
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

# wait_link PORT SECONDS: poll the carrier every 0.1 s, SECONDS at most.
wait_link() {
	local deadline=$(($(now_ms) + $2 * 1000))
	while [ "$(link_state "$1")" != up ]; do
		[ "$(now_ms)" -lt "$deadline" ] || return 1
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
# (SSH_CONNECTION, which sudo drops) and every one sshd or dropbear holds
# (ss); a link-local address keeps its %DEVICE. Fails if ss does.
ssh_peers() {
	local sessions
	[ -z "${SSH_CONNECTION:-}" ] || echo "$SSH_CONNECTION" | awk '{ print $3, $1 }'
	command -v ss >/dev/null || return 0
	sessions=$(ss -tnp state established) || return 1
	awk 'NR > 1 && /"(sshd|dropbear)/ { print $3, $4 }' <<< "$sessions" |
		sed -e 's/:[0-9]* / /' -e 's/:[0-9]*$//' -e 's/[][]//g' -e 's/::ffff://g'
}

# route_dev ADDRESS [FROM]: the device the kernel sends to ADDRESS through
# (from FROM, a local address: policy routing may choose by it). A
# link-local ADDRESS%SCOPE names its device, by name or, as the kernel
# writes it in a mount's addr=, by index. Nothing, and false, when the
# kernel cannot tell.
route_dev() {
	local scope index dev
	if [[ $1 == *%* ]]; then
		scope=${1#*%}
		[[ $scope =~ ^[0-9]+$ ]] || { echo "$scope"; return 0; }
		for index in "$SYSFS"/class/net/*/ifindex; do
			[ "$(cat "$index" 2>/dev/null)" = "$scope" ] || continue
			dev=${index%/ifindex}
			echo "${dev##*/}"
			return 0
		done
		return 1
	fi
	dev=$(ip -o route get "$1" ${2:+from "$2"} 2>/dev/null |
		awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')
	[ -n "$dev" ] && echo "$dev"
}

# default_devs: every device a default route (of any table, each next hop
# of a multipath one) goes through. Fails if a table cannot be read (IPv6's
# only where the kernel has IPv6).
default_devs() {
	local fam routes
	for fam in 4 6; do
		[ "$fam" = 4 ] || [ -e "$PROCFS/net/if_inet6" ] || continue
		routes=$(ip -o -"$fam" route show table all 2>/dev/null || ip -o -"$fam" route show) || return 1
		awk '$1 == "default" { for (i = 1; i < NF; i++) if ($i == "dev") print $(i + 1) }' <<< "$routes"
	done
}

# network_mounts: "MOUNTPOINT SERVER" of every NFS or SMB mount (an NFS
# root among them): the kernel names its server's address in addr=.
network_mounts() {
	[ -r "$PROCFS/mounts" ] || return 1
	awk '$3 ~ /^(nfs4?|cifs|smb3)$/ && match($4, /(^|,)addr=[^,]+/) {
		a = substr($4, RSTART, RLENGTH); sub(/^,?addr=/, "", a); print $2, a }' "$PROCFS/mounts"
}

# unsafe PORT DEFAULTS PEERS MOUNTS: why taking PORT down could cut this
# machine off (nothing, and false, when it cannot): the port, or a device
# stacked on it, carries a default route (DEFAULTS: default_devs), an SSH
# session (PEERS: ssh_peers) or a network file system (MOUNTS:
# network_mounts), or the port is in a bond or bridge.
unsafe() {
	local port=$1 defaults=$2 peers=$3 mounts=$4 dev devs laddr peer master via scope mp server mdev
	devs=$(echo "$port"; uppers "$port")
	for dev in $devs; do
		via=
		[ "$dev" = "$port" ] || via=" (through $dev)"
		if grep -qxF "$dev" <<< "$defaults"; then
			echo "$port carries the default route$via"
			return 0
		fi
		while read -r laddr peer; do
			[ -n "$laddr" ] || continue
			# a link-local address names its device
			scope=$(echo "$laddr $peer" | sed -n 's/^[^ ]*%\([^ ]*\) .*/\1/p; s/^[^%]* [^ ]*%\(.*\)$/\1/p')
			if [ -n "$scope" ]; then
				[ "$scope" = "$dev" ] || continue
			elif ! addresses "$dev" | awk -v a="$laddr" 'index($0, a "/") == 1 { f = 1 } END { exit !f }' &&
			   [ "$(route_dev "$peer" "$laddr" || route_dev "$peer")" != "$dev" ]; then
				continue
			fi
			echo "$port carries the SSH session from $peer to $laddr$via"
			return 0
		done <<< "$peers"
		while read -r mp server; do
			[ -n "$mp" ] || continue
			if ! mdev=$(route_dev "$server"); then
				echo "$port may carry $mp: no route to its server $server"
				return 0
			fi
			[ "$mdev" = "$dev" ] || continue
			echo "$port carries $mp, mounted from $server$via"
			return 0
		done <<< "$mounts"
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
