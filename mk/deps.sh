#!/bin/sh
# Make sure the Debian packages a target needs are installed.  As root the
# missing ones are installed (noninteractive); otherwise the exact apt-get
# line is printed and we fail.  usage: mk/deps.sh build|test|demo
set -eu
build="make gcc libc6-dev pkg-config patch asn1c libjansson-dev libxml2-dev zlib1g-dev libpcap-dev libzmq3-dev libssl-dev libmicrohttpd-dev"
test="$build python3 python3-zmq python3-jsonschema python3-ecdsa clang libclang-rt-14-dev erlang-base erlang-asn1 tshark tcpdump iproute2"
case "${1:-build}" in
build) want=$build ;;
test)  want=$test ;;
demo)  want=$build ;;
*) echo "usage: $0 build|test|demo" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null || apt-get update
	apt-get install -y -q --no-install-recommends $missing
else
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: run as root: apt-get install -y$missing" >&2
	exit 1
fi
