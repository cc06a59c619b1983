#!/bin/sh
# make install for rsud: PREFIX and DESTDIR honoured, the daemon, the tool,
# the man page, the example configuration, the JSON Schemas and the systemd
# unit with the prefix filled in.
cd "$(dirname "$0")/.." || exit 2
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
if ! make --no-print-directory install DESTDIR="$d" PREFIX=/opt/c-its >"$d/log" 2>&1; then
	echo "FAIL rsud_install: make install failed: $(tail -3 "$d/log")"
	exit 1
fi
p=$d/opt/c-its
missing=""
for f in sbin/rsud bin/v2x share/man/man8/rsud.8 share/doc/rsud/rsud.conf.example \
    share/doc/rsud/feed.schema.json share/doc/rsud/command.schema.json \
    lib/systemd/system/rsud.service; do
	[ -e "$p/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then echo "PASS rsud_install_files"; else echo "FAIL rsud_install_files:$missing"; fi
if grep -q '^ExecStart=/opt/c-its/sbin/rsud -d -c /etc/rsud.conf' "$p/lib/systemd/system/rsud.service"; then
	echo "PASS rsud_install_unit"
else
	echo "FAIL rsud_install_unit: prefix not substituted"
fi
# store.file's /var/lib/rsud is made by the unit (StateDirectory)
if "$p/sbin/rsud" -n -c "$p/share/doc/rsud/rsud.conf.example" -D store.file="$d/store.json" >/dev/null 2>&1; then
	echo "PASS rsud_install_runs"
else
	echo "FAIL rsud_install_runs: installed rsud refuses the example"
fi
if command -v systemd-analyze >/dev/null 2>&1; then
	if systemd-analyze verify "$p/lib/systemd/system/rsud.service" 2>&1 | grep -qi 'error\|invalid'; then
		echo "FAIL rsud_install_unit_verify: $(systemd-analyze verify "$p/lib/systemd/system/rsud.service" 2>&1 | head -2)"
	else
		echo "PASS rsud_install_unit_verify"
	fi
fi
