# ethtool -t's results from its output: a "TEST<TAB>CODE" line for each
# (register, eeprom, interrupt, loopback and link for ixgbe). ethtool
# prints "NAME test (offline)<TAB> CODE", "(on/offline)" or "(online)".
# An online run still prints the offline tests' lines, with 0 for not
# run: with -v mode=online, only the "(on" ones. The one parser of the
# shell side: lab/lab-selftest (bash) and the guests (busybox sh) run it,
# under mawk, gawk or busybox awk.
BEGIN { FS = "\t" }
/ test +\((on\/)?(off|on)line\)\t/ {
	if (mode == "online" && $1 !~ /\(on/)
		next
	split($1, words, " ")
	print tolower(words[1]) "\t" ($2 + 0)
}
