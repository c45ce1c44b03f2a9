# shellcheck shell=bash
# shellcheck disable=SC2154 # work, started, t_start, module, module_restored, repeat: lab-selftest's
# The run's records (tab-separated files in $work, written by lab-selftest)
# as JUnit XML and as JSON (lab/lab-selftest.schema.json).
#
#   ports     NAME PCI DEVICE_ID FAMILY DEVICE DRIVER VERSION FIRMWARE LINK SERIES
#   runs      PCI RUN MODE VERDICT WALL_MS ETHTOOL_EXIT LINK_BACK_MS (-1: none)
#   results   PCI RUN MODE TEST CODE STATUS MEANING
#   restored  PCI TEXT
#   dmesg.PCI.RUN.MODE   the driver's and the kernel's lines of that run

# The kernel's log is bytes, JSON and XML are UTF-8 text: control
# characters go, and every byte past ASCII becomes "?" (a line cut inside
# a UTF-8 character would make the whole file invalid otherwise).
to_text() {
	LC_ALL=C tr -d '\000-\010\013-\037' | LC_ALL=C tr '\200-\377' '?'
}

# json_strs: each line of its input as a JSON string, one a line.
json_strs() {
	to_text | LC_ALL=C sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/.*/"&"/'
}

# (Most strings need no escaping: printed as they are, without a fork.)
plain='^[][A-Za-z0-9 ._:,;/()+=@%#*~!?-]*$'

json_str() {
	if [[ $1 =~ $plain ]]; then
		printf '"%s"' "$1"
	else
		printf '%s\n' "$1" | json_strs
	fi
}

# xml_escs: its input, escaped for XML text and attributes.
xml_escs() {
	to_text | LC_ALL=C sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'
}

xml_esc() {
	if [[ $1 =~ $plain ]]; then
		printf '%s' "$1"
	else
		printf '%s' "$1" | xml_escs
	fi
}

# field FILE KEY N: field N of the line of FILE whose field 1 is KEY.
field() {
	awk -F'\t' -v k="$2" -v n="$3" '$1 == k { print $n; exit }' "$1"
}

# write_json FILE VERDICT EXIT
write_json() {
	local out=$1 verdict=$2 exit_code=$3 sep='' name pci id fam dev drv ver fw link series
	{
		printf '{\n  "schema": "ixgbe-lbtest/lab-selftest/1",\n'
		printf '  "host": %s,\n  "kernel": %s,\n' "$(json_str "$(uname -n)")" "$(json_str "$(uname -r)")"
		printf '  "started": %s,\n  "duration_ms": %d,\n' "$(json_str "$started")" "$(($(now_ms) - t_start))"
		if [ -n "$module" ]; then
			printf '  "module": {"path": %s, "original_restored": %s},\n' \
				"$(json_str "$module")" "$module_restored"
		else
			printf '  "module": null,\n'
		fi
		printf '  "verdict": %s,\n  "exit_code": %d,\n  "ports": [' "$(json_str "$verdict")" "$exit_code"
		while IFS=$'\t' read -r name pci id fam dev drv ver fw link series; do
			printf '%s\n    {"name": %s, "pci": %s, "device_id": %s, "family": %s, "device": %s,' \
				"$sep" "$(json_str "$name")" "$(json_str "$pci")" "$(json_str "$id")" \
				"$(json_str "$fam")" "$(json_str "$dev")"
			printf '\n     "driver": %s, "driver_version": %s, "firmware": %s, "link_before": %s, "series": %s,' \
				"$(json_str "$drv")" "$(json_str "$ver")" "$(json_str "$fw")" \
				"$(json_str "$link")" "$([ "$series" = y ] && echo true || echo false)"
			printf '\n     "runs": ['
			json_runs "$pci"
			printf '],\n     "restored": %s}' "$(json_str "$(field "$work/restored" "$pci" 2)")"
			sep=,
		done < "$work/ports"
		printf '\n  ]\n}\n'
	} > "$out"
}

json_runs() {
	local pci=$1 sep='' p run mode verdict wall rc back
	while IFS=$'\t' read -r p run mode verdict wall rc back; do
		[ "$p" = "$pci" ] || continue
		[ "$back" -ge 0 ] || back=null
		printf '%s\n       {"run": %d, "mode": %s, "verdict": %s, "wall_ms": %d, "ethtool_exit": %d, "link_back_ms": %s,' \
			"$sep" "$run" "$(json_str "$mode")" "$(json_str "$verdict")" "$wall" "$rc" "$back"
		printf '\n        "results": ['
		awk -F'\t' -v p="$pci" -v r="$run" -v m="$mode" '$1 == p && $2 == r && $3 == m' \
			"$work/results" | json_results
		printf '],\n        "dmesg": ['
		json_lines "$work/dmesg.$pci.$run.$mode"
		printf ']}'
		sep=,
	done < "$work/runs"
}

json_results() {
	local sep='' test code status meaning
	while IFS=$'\t' read -r _ _ _ test code status meaning; do
		printf '%s{"test": %s, "code": %d, "status": %s, "meaning": %s}' "$sep" \
			"$(json_str "$test")" "$code" "$(json_str "$status")" "$(json_str "$meaning")"
		sep=', '
	done
}

json_lines() {
	[ -f "$1" ] || return 0
	json_strs < "$1" | awk 'NR > 1 { printf ", " } { printf "%s", $0 }'
}

# write_junit FILE: a testsuite per port, a testcase per result.
write_junit() {
	local out=$1 name pci id fam dev drv ver fw link series
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<testsuites name="lab-selftest" tests="%d" failures="%d" skipped="%d" time="%s">\n' \
			"$(wc -l < "$work/results")" "$(count_status fail)" "$(count_status skip)" \
			"$(seconds $(($(now_ms) - t_start)))"
		while IFS=$'\t' read -r name pci id fam dev drv ver fw link series; do
			junit_suite
		done < "$work/ports"
		printf '</testsuites>\n'
	} > "$out"
}

count_status() {
	awk -F'\t' -v s="$1" '$6 == s' "$work/results" | wc -l
}

seconds() {
	printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000))
}

junit_suite() {
	local p run mode test code status meaning wall n f s
	n=$(awk -F'\t' -v p="$pci" '$1 == p' "$work/results" | wc -l)
	f=$(awk -F'\t' -v p="$pci" '$1 == p && $6 == "fail"' "$work/results" | wc -l)
	s=$(awk -F'\t' -v p="$pci" '$1 == p && $6 == "skip"' "$work/results" | wc -l)
	printf '  <testsuite name="%s" hostname="%s" timestamp="%s" tests="%d" failures="%d" skipped="%d">\n' \
		"$(xml_esc "$name ($pci)")" "$(xml_esc "$(uname -n)")" "$(xml_esc "${started%Z}")" "$n" "$f" "$s"
	printf '    <properties>\n'
	for kv in "pci=$pci" "device_id=$id" "family=$fam" "device=$dev" "driver=$drv" \
		"driver_version=$ver" "firmware=$fw" "link_before=$link" "series=$series" \
		"restored=$(field "$work/restored" "$pci" 2)"; do
		printf '      <property name="%s" value="%s"/>\n' "${kv%%=*}" "$(xml_esc "${kv#*=}")"
	done
	printf '    </properties>\n'
	while IFS=$'\t' read -r p run mode test code status meaning; do
		[ "$p" = "$pci" ] || continue
		wall=$(awk -F'\t' -v p="$pci" -v r="$run" -v m="$mode" '$1 == p && $2 == r && $3 == m { print $5 }' "$work/runs")
		printf '    <testcase classname="%s" name="%s" time="%s">' \
			"$(xml_esc "lab-selftest.$name")" "$(xml_esc "$(case_name "$run" "$mode" "$test")")" \
			"$(seconds "${wall:-0}")"
		case $status in
		fail) printf '\n      <failure type="%s" message="%s"/>\n    ' "$code" "$(xml_esc "$code: $meaning")" ;;
		skip) printf '\n      <skipped message="%s"/>\n    ' "$(xml_esc "$meaning")" ;;
		esac
		printf '</testcase>\n'
	done < "$work/results"
	printf '    <system-out>'
	cat "$work"/dmesg."$pci".* 2>/dev/null | xml_escs
	printf '</system-out>\n  </testsuite>\n'
}

# case_name RUN MODE TEST: the name of a result in KTAP, JUnit and LAVA.
case_name() {
	if [ "$repeat" -gt 1 ]; then
		echo "run$1_$2_$3"
	else
		echo "$2_$3"
	fi
}
