# shellcheck shell=bash
# --module: check the module file, swap the running ixgbe for it, and put
# the original back.

# check_module KO: why KO cannot replace this kernel's ixgbe (nothing, and
# false, when it can).
check_module() {
	local ko=$1 vermagic name running
	if [ ! -f "$ko" ]; then
		echo "--module $ko: no such file"
		return 0
	fi
	if ! vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null) || [ -z "$vermagic" ]; then
		echo "--module $ko: not a kernel module (modinfo finds no vermagic)"
		return 0
	fi
	name=$(modinfo -F name "$ko" 2>/dev/null)
	if [ "$name" != ixgbe ]; then
		echo "--module $ko: a module named '${name:-?}', not ixgbe"
		return 0
	fi
	running=$(uname -r)
	if [ "${vermagic%% *}" != "$running" ]; then
		echo "--module $ko: built for Linux ${vermagic%% *}, this machine runs $running"
		return 0
	fi
	return 1
}

# load_module KO: unload the running ixgbe, load KO after its dependencies.
load_module() {
	local dep
	if [ -d "$SYSFS/module/ixgbe" ]; then
		rmmod ixgbe || return 1
	fi
	for dep in $(modinfo -F depends "$1" | tr , ' '); do
		modprobe "$dep" || { echo "cannot load $dep, a dependency of $1"; return 1; }
	done
	insmod "$1"
}

# restore_module WAS_LOADED: unload the module loaded for the run and, if
# ixgbe was loaded before, load this kernel's own again.
restore_module() {
	if [ -d "$SYSFS/module/ixgbe" ]; then
		rmmod ixgbe || return 1
	fi
	[ "$1" = y ] || return 0
	modprobe ixgbe
}
