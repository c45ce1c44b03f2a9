# shellcheck shell=bash
# Sourced by the scripts that write into the cache. make check runs two
# tests at once, and two clones share one cache: the second writer waits,
# then finds the work done.

# cache_lock FILE: hold FILE's lock until this shell exits. The commands it
# starts inherit it, so a build that outlives a killed script still holds
# it, and no second build starts in the same tree.
cache_lock() {
	mkdir -p "$(dirname "$1")"
	exec {cache_lock_fd}>"$1"
	flock "$cache_lock_fd"
}
