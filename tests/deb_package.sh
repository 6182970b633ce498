#!/bin/sh
# The Debian package (debian/): built with dpkg-buildpackage from a clean
# copy of the tree (only the files git knows, so no build directory gets
# in), checked with lintian (no errors), then unpacked into a fresh root
# whose sogoc makes keys, imports and publishes a ledger, and serves it
# with the packaged serve.conf; the unit is checked with systemd-analyze.
# Not in make check: the package build compiles everything again
# (bootstrap.sh test runs it, DEB_BUILD_OPTIONS=nocheck, -j2).
. "${top_srcdir:-.}/tests/tap.sh"
. "$top_srcdir/tests/serve_lib.sh"

# Rules-Requires-Root: no, so no fakeroot.
for t in dpkg-buildpackage dh lintian git; do
	command -v $t > /dev/null ||
	    skip_all "$t missing (Debian: debhelper, lintian, dpkg-dev, git)"
done
git -C "$top_srcdir" rev-parse --git-dir > /dev/null 2>&1 ||
    skip_all "not a git checkout: the package is built from its files"
SERVE_PORTS="18606 18707 18808 18909 19606 19707"

# The package's version is the one configure.ac gives the program.
version=$(sed -n 's/^AC_INIT(\[sogoc\], \[\([^]]*\)\].*/\1/p' \
    "$top_srcdir/configure.ac")
ok "debian/changelog's version is configure.ac's ($version)" \
    [ "$(cd "$top_srcdir" && dpkg-parsechangelog -S Version)" = "$version" ]

# A clean copy: what git tracks, and new files not ignored, as they are in
# the work tree (uncommitted changes are what is being tested).
src="$tmp/build/sogoc-$version"
mkdir -p "$src"
(cd "$top_srcdir" && git ls-files -co --exclude-standard -z |
    xargs -0 cp -P --parents -t "$src") || exit 1
start=$(date +%s)
# Not the make check's make flags (its TESTS=, its jobserver): the
# package's own build, two jobs, without its test suite.
(cd "$src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
    DEB_BUILD_OPTIONS="nocheck parallel=2" \
    dpkg-buildpackage -us -uc -b > "$tmp/build.log" 2>&1)
rc=$?
echo "# dpkg-buildpackage: $(($(date +%s) - start)) s"
[ $rc -ne 0 ] && tail -30 "$tmp/build.log" | sed 's/^/#   /'
ok "dpkg-buildpackage -us -uc -b builds the package" [ $rc -eq 0 ]
deb=$(ls "$tmp"/build/sogoc_"$version"_*.deb 2> /dev/null | head -1)
changes=$(ls "$tmp"/build/sogoc_"$version"_*.changes 2> /dev/null | head -1)
ok "it makes a .deb and a .changes" [ -f "$deb" ] && [ -f "$changes" ]
[ -f "$deb" ] || done_testing

lintian --profile debian "$deb" "$changes" > "$tmp/lintian" 2>&1
sed 's/^/#   lintian: /' "$tmp/lintian"
ok "lintian reports no errors" sh -c "! grep -q '^E:' '$tmp/lintian'"

# What goes in, and what stays out.
dpkg-deb -c "$deb" | awk '{ print $6 }' > "$tmp/files"
for f in ./usr/bin/sogoc ./lib/systemd/system/sogoc-serve.service \
    ./etc/sogoc/serve.conf ./usr/share/man/man1/sogoc.1.gz \
    ./usr/share/man/man5/sogoc-serve.conf.5.gz \
    ./usr/lib/sysusers.d/sogoc.conf ./usr/lib/tmpfiles.d/sogoc.conf; do
	ok "the package holds $f" grep -qx "$f" "$tmp/files"
done
ok "the package holds README.Debian" \
    grep -q '^\./usr/share/doc/sogoc/README\.Debian' "$tmp/files"
ok "the developer's tools stay out (sogoc-gen, sogoc-score)" \
    sh -c "! grep -q 'sogoc-gen\|sogoc-score' '$tmp/files'"
dpkg-deb -e "$deb" "$tmp/ctl"
ok "/etc/sogoc/serve.conf is a conffile" \
    grep -qx /etc/sogoc/serve.conf "$tmp/ctl/conffiles"
ok "postinst makes the system user (systemd-sysusers), then its home" \
    awk '/systemd-sysusers.*sogoc/ { u = NR }
	/systemd-tmpfiles.*sogoc/ { t = NR }
	END { exit !(u && t && u < t) }' "$tmp/ctl/postinst"
ok "postinst enables sogoc-serve.service" \
    grep -q "deb-systemd-helper.*enable.*sogoc-serve.service" \
    "$tmp/ctl/postinst"

# The installed binary, run from a fresh root.
root="$tmp/root"
dpkg -x "$deb" "$root"
SOGOC="$root/usr/bin/sogoc"
ok "sogoc --version says $version" \
    [ "$("$SOGOC" --version)" = "sogoc $version" ]
make_registry 12
ok "keygen, import and publish from the installed binary" \
    [ "$("$SOGOC" checkpoint | sed -n 2p)" = 12 ]
"$SOGOC" audit --pub "$tmp/k/verifier.pub" > "$tmp/audit" 2>&1
ok "the registry audits" contains "$tmp/audit" "audit passed"
# Not serve_start: a serve.conf sogoc refuses must fail here, not skip.
free_port
base="http://127.0.0.1:$port"
"$SOGOC" serve --config "$root/etc/sogoc/serve.conf" --db "$SOGOC_DB" \
    --listen "127.0.0.1:$port" --metrics-listen "127.0.0.1:$((port + 2))" \
    2> "$tmp/serve.log" &
spid=$!
trap 'kill -TERM $spid 2> /dev/null; rm -rf "$tmp"' EXIT
i=0
while kill -0 $spid 2> /dev/null && ! curl -s -o /dev/null "$base/healthz" &&
    [ $i -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
sed 's/^/#   serve: /' "$tmp/serve.log"
ok "sogoc serve with the packaged serve.conf answers /healthz" \
    [ "$(curl -s "$base/healthz")" = ok ]
pick_valid
code=$(curl -s -o "$tmp/v.json" -w '%{http_code}' -G \
    --data-urlencode "serial=$serial" --data-urlencode "name=$name" \
    --data-urlencode "dob=$dob" "$base/api/v1/verify")
ok "and verifies a published diploma" \
    sh -c "[ $code = 200 ] && jq -e '.status == \"valid\"' '$tmp/v.json' >/dev/null"

# The unit: the binary its ExecStart names is the packaged one, systemd
# reads it without a complaint, and it is hardened.
unit="$root/lib/systemd/system/sogoc-serve.service"
exe=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")
ok "the unit's ExecStart ($exe) is in the package" [ -x "$root$exe" ]
ok "it reads the packaged serve.conf" \
    grep -q '^ExecStart=.* --config /etc/sogoc/serve.conf$' "$unit"
user=$(sed -n 's/^u \([^ ]*\) .*/\1/p' "$root/usr/lib/sysusers.d/sogoc.conf")
ok "it runs as the user the package makes ($user), not root" \
    sh -c "[ -n '$user' ] && [ '$user' != root ] &&
    grep -qx 'User=$user' '$unit'"
for d in ProtectSystem=strict NoNewPrivileges=yes PrivateTmp=yes \
    ProtectHome=yes CapabilityBoundingSet= ; do
	ok "the unit sets $d" grep -qx "$d" "$unit"
done
# The unit waits for the registry serve.conf names.
dbdir=$(sed -n 's/^db = //p' "$root/etc/sogoc/serve.conf")
ok "its ConditionPathExists is serve.conf's db ($dbdir), in StateDirectory" \
    sh -c "grep -qx 'ConditionPathExists=$dbdir' '$unit' &&
    grep -qx 'StateDirectory=sogoc' '$unit' &&
    [ '${dbdir#/var/lib/sogoc/}' != '$dbdir' ]"
if command -v systemd-analyze > /dev/null; then
	# This machine's systemd, with ExecStart's binary in $root.
	sed "s|^ExecStart=$exe|ExecStart=$root$exe|" "$unit" \
	    > "$tmp/sogoc-serve.service"
	systemd-analyze verify --man=no "$tmp/sogoc-serve.service" \
	    > "$tmp/verify" 2>&1
	rc=$?
	sed 's/^/#   verify: /' "$tmp/verify"
	ok "systemd-analyze verify accepts the unit" \
	    sh -c "[ $rc -eq 0 ] && [ ! -s '$tmp/verify' ]"
	systemd-analyze security --offline=true --root="$root" \
	    /lib/systemd/system/sogoc-serve.service 2>&1 |
	    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' \
	    > "$tmp/exposure"
	echo "# systemd-analyze security: exposure $(cat "$tmp/exposure")"
	ok "systemd-analyze security rates the unit 2.0 or safer" \
	    awk '{ v = $1 } END { exit !(NR == 1 && v <= 2.0) }' "$tmp/exposure"
else
	echo "ok $((tap_n + 1)) # SKIP systemd-analyze missing"
	echo "ok $((tap_n + 2)) # SKIP systemd-analyze missing"
	tap_n=$((tap_n + 2))
fi
done_testing
