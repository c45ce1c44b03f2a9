# shellcheck shell=bash
# Shared by the fake machine's commands (tests/fake-machine/bin).

# kmsg TEXT: a line in the kernel log, stamped as the kernel stamps it.
kmsg() {
	local n
	read -r n < "$FAKE/clock"
	n=$((n + 1))
	echo "$n" > "$FAKE/clock"
	if [ -e "$FAKE/notime" ]; then
		printf '%s\n' "$1" >> "$FAKE/kmsg"
	else
		printf '[%5d.%06d] %s\n' $((100 + n / 1000)) $((n % 1000 * 1000)) "$1" >> "$FAKE/kmsg"
	fi
}
