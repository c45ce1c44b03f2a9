# shellcheck shell=bash
# --module: check the module file, swap the running ixgbe for it, and put
# the original back.

# check_module KO: why KO cannot replace this kernel's ixgbe (nothing, and
# false, when it can).
check_module() {
	local ko=$1 vermagic name running lockdown
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
	# Refused before any port goes down, not by insmod after.
	lockdown=$(cat "$SYSFS/kernel/security/lockdown" 2>/dev/null || true)
	if [ -z "$(modinfo -F signer "$ko" 2>/dev/null)" ] &&
	   { [ "$(cat "$SYSFS/module/module/parameters/sig_enforce" 2>/dev/null)" = Y ] ||
	     { [ -n "$lockdown" ] && [[ $lockdown != *"[none]"* ]]; }; }; then
		echo "--module $ko: unsigned, and this kernel loads only signed modules (make install signs with MODSIGN_KEY)"
		return 0
	fi
	return 1
}

# original_module: the file of the ixgbe that runs now, to load again
# after the run ("none" when none runs). The kernel's own unless the
# running one is out of tree: modprobe would prefer an updates/ copy, such
# as the one 'make install' puts there.
original_module() {
	local found
	if [ ! -d "$SYSFS/module/ixgbe" ]; then
		echo none
		return 0
	fi
	if grep -q O "$SYSFS/module/ixgbe/taint" 2>/dev/null; then
		found=$(modinfo -n ixgbe 2>/dev/null) || found=
	else
		found=$(find "/lib/modules/$(uname -r)/kernel" -name 'ixgbe.ko*' -print -quit 2>/dev/null) || found=
	fi
	if [ -z "$found" ]; then
		echo "no ixgbe.ko under /lib/modules/$(uname -r)"
		return 1
	fi
	echo "$found"
}

# settle: let udev name (and the network manager see) new ports first.
settle() {
	if command -v udevadm >/dev/null; then
		udevadm settle --timeout=10 || true
	fi
}

# load_module KO [OPTION...]: load KO after its dependencies.
load_module() {
	local dep
	for dep in $(modinfo -F depends "$1" | tr , ' '); do
		modprobe "$dep" || { echo "cannot load $dep, a dependency of $1"; return 1; }
	done
	insmod "$@" || return 1
	settle
}

# module_options: the options modprobe would give ixgbe, from its
# configuration and ixgbe.* on the kernel command line: insmod reads
# neither. kmod's modprobe -c lists both; busybox's has no -c, and its
# files and the command line are read here instead.
module_options() {
	local config
	if ! config=$(modprobe -c 2>/dev/null); then
		config=$(cat /etc/modprobe.conf /etc/modprobe.d/*.conf /run/modprobe.d/*.conf \
			/lib/modprobe.d/*.conf 2>/dev/null
			tr ' ' '\n' < "$PROCFS/cmdline" 2>/dev/null | sed -n 's/^ixgbe\./options ixgbe /p')
	fi
	awk '$1 == "options" && $2 == "ixgbe" { $1 = $2 = ""; print }' <<< "$config"
}

# restore_module ORIGINAL: unload whatever ixgbe runs and load ORIGINAL
# again (unless "none") with the options it had.
restore_module() {
	if [ -d "$SYSFS/module/ixgbe" ]; then
		rmmod ixgbe || return 1
	fi
	[ "$1" != none ] || return 0
	# shellcheck disable=SC2046 # the options are words
	load_module "$1" $(module_options)
}
