#!/usr/bin/env bash
# The guide's nginx deployment, tested: serves the bundled site under /jieshui/ with a real
# nginx on a loopback port, using the configuration file the guide publishes
# (docs/content/deploy/nginx/jieshui.conf) with only the port, host name and folder
# substituted, and crawls it with tests/deploy/crawl.py.
#
# Installs nginx with apt-get when it is missing. Last line: `N passed, M failed`; exit status
# non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

CONF=docs/content/deploy/nginx/jieshui.conf
PAGE=docs/content/deploy/nginx/index.md

# ---- nginx -------------------------------------------------------------------------------
NGINX=$(command -v nginx || true)
if [ -z "$NGINX" ] && [ -x /usr/sbin/nginx ]; then NGINX=/usr/sbin/nginx; fi
if [ -z "$NGINX" ]; then
    echo "== installing nginx"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update
    $SUDO apt-get install -y nginx
    NGINX=/usr/sbin/nginx
fi
MIME_TYPES=/etc/nginx/mime.types
"$NGINX" -v

# ---- the guide shows exactly the file that is tested ---------------------------------------
python3 - "$CONF" "$PAGE" <<'PY'
import re, sys
conf, page = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
blocks = re.findall(r"^```nginx\n(.*?)^```$", page, re.S | re.M)
if conf not in blocks:
    sys.exit(f"{sys.argv[2]} must show {sys.argv[1]} verbatim in a ```nginx block")
PY

# ---- jieshui ---------------------------------------------------------------------------------
echo "== cargo build"
cargo build --quiet
JIESHUI="${CARGO_TARGET_DIR:-target}/debug/jieshui"

# ---- a temp dir with the built site, the config and nginx's own paths ----------------------
TMP=$(mktemp -d)
NGINX_PID=""
cleanup() {
    if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
# nginx's workers run as an unprivileged user when started by root: let them read the site.
chmod 755 "$TMP"
mkdir -p "$TMP/tmp"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_nginx() {
    PORT=$(free_port)
    BASE="http://127.0.0.1:$PORT/jieshui/"

    echo "== build the bundled site for $BASE"
    rm -rf "$TMP/site"
    "$JIESHUI" build --root . --output-dir "$TMP/site" --base-url "$BASE" 2>"$TMP/build.log" \
        || { cat "$TMP/build.log"; return 1; }
    tail -n 1 "$TMP/build.log"
    chmod -R a+rX "$TMP/site" || return 1

    # The guide's file with its three placeholders replaced; each must be there exactly once.
    # (Functions called from `if` run without set -e: every step says `|| return 1`.)
    python3 - "$CONF" "$TMP/jieshui.conf" "$PORT" "$TMP/site/" <<'PY' || return 1
import re, sys
src, dst, port, site = sys.argv[1:5]
text = open(src, encoding="utf-8").read()
for old, new in (("listen 80;", f"listen 127.0.0.1:{port};"),
                 ("server_name example.org;", "server_name 127.0.0.1;"),
                 ("alias /var/www/jieshui/;", f"alias {site};")):
    # only directives, not the comments that explain them
    pattern = re.compile(r"^(\s*)" + re.escape(old) + r"$", re.M)
    text, n = pattern.subn(lambda m: m.group(1) + new, text)
    if n != 1:
        sys.exit(f"{src}: expected the directive `{old}` exactly once, found {n}")
open(dst, "w", encoding="utf-8").write(text)
PY

    cat >"$TMP/nginx.conf" <<EOF || return 1
daemon off;
worker_processes 1;
pid $TMP/nginx.pid;
error_log $TMP/error.log warn;
events { worker_connections 64; }
http {
    include $MIME_TYPES;
    default_type application/octet-stream;
    access_log $TMP/access.log;
    client_body_temp_path $TMP/tmp/client_body;
    proxy_temp_path $TMP/tmp/proxy;
    fastcgi_temp_path $TMP/tmp/fastcgi;
    uwsgi_temp_path $TMP/tmp/uwsgi;
    scgi_temp_path $TMP/tmp/scgi;
    include $TMP/jieshui.conf;
}
EOF
    "$NGINX" -t -q -p "$TMP" -e "$TMP/error.log" -c "$TMP/nginx.conf" || return 1

    echo "== start nginx on 127.0.0.1:$PORT"
    "$NGINX" -p "$TMP" -e "$TMP/error.log" -c "$TMP/nginx.conf" &
    NGINX_PID=$!
    for _ in $(seq 50); do
        if ! kill -0 "$NGINX_PID" 2>/dev/null; then
            NGINX_PID=""
            return 1 # it exited: most likely the port was taken in the meantime
        fi
        if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$PORT" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

started=""
for attempt in 1 2 3; do
    if start_nginx; then started=yes; break; fi
    echo "nginx did not start (attempt $attempt):"
    cat "$TMP/error.log" 2>/dev/null || true
done
if [ -z "$started" ]; then
    echo "0 passed, 1 failed"
    exit 1
fi

echo "== crawl $BASE"
set +e
python3 tests/deploy/crawl.py --base "$BASE" --site-dir "$TMP/site" | tee "$TMP/crawl.out"
status=${PIPESTATUS[0]}
set -e
if [ "$status" != 0 ]; then
    if [ -s "$TMP/error.log" ]; then
        echo "-- nginx error log:"
        tail -n 20 "$TMP/error.log"
    fi
    # keep the summary the last line
    tail -n 1 "$TMP/crawl.out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' || echo "0 passed, 1 failed"
fi
exit "$status"
