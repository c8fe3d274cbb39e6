#!/usr/bin/env bash
# Puts a load balancer in front of server instances on this machine, as scripts/postgres-up.sh
# does for the database: installs Debian's nginx package if missing, writes a configuration in
# a folder of its own, starts nginx on a free local port and prints its URL (nothing else on stdout).
#   bash scripts/nginx-up.sh [--dir DIR] [--port PORT] INSTANCE_PORT...
#   stop it: kill "$(cat DIR/nginx.pid)"
#
# Retry policy (proxy_next_upstream error timeout, non_idempotent NOT set): nginx passes a request
# to the next instance only when it could not hand it to the first (connection refused or reset,
# connect timeout) — or, for GET/HEAD, when that instance failed before answering. A POST that
# reached an instance is never sent again: its answer (even a 502) goes back to the client, who
# retries with the same Idempotency-Key. docs/operations.md explains why that is the safe choice.
set -euo pipefail

DIR=""
PORT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --) shift; break ;;
    -*) echo "usage: $0 [--dir DIR] [--port PORT] INSTANCE_PORT..." >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [--dir DIR] [--port PORT] INSTANCE_PORT..." >&2; exit 2; }

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
  echo "installing nginx from Debian's packages…" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  # Only the binary is used: the configuration below is written in a folder of its own.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx >&2
  NGINX=/usr/sbin/nginx
fi

[ -n "$DIR" ] || DIR=$(mktemp -d -t nginx-lb.XXXXXX)
mkdir -p "$DIR/tmp"
if [ -z "$PORT" ]; then
  PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
fi

SERVERS=""
for instance in "$@"; do
  # max_fails=1 fail_timeout=2s: an instance that refused a connection is left alone 2 s, then tried again.
  SERVERS="$SERVERS    server 127.0.0.1:$instance max_fails=1 fail_timeout=2s;
"
done

# As root, workers run as nobody: they must be able to reach the request-body buffers.
USER_LINE=""
if [ "$(id -u)" = 0 ]; then
  USER_LINE="user nobody nogroup;"
  chmod 755 "$DIR"
  chown -R nobody:nogroup "$DIR/tmp"
fi

cat > "$DIR/nginx.conf" <<CONF
$USER_LINE
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/error.log warn;
events { worker_connections 1024; }
http {
  # Which instance answered, and every one tried: "a, b" in upstream= means nginx passed the request on.
  log_format balanced '\$remote_addr "\$request" \$status upstream=\$upstream_addr upstream_status=\$upstream_status';
  access_log $DIR/access.log balanced;
  client_body_temp_path $DIR/tmp/body;
  proxy_temp_path $DIR/tmp/proxy;
  fastcgi_temp_path $DIR/tmp/fastcgi;
  uwsgi_temp_path $DIR/tmp/uwsgi;
  scgi_temp_path $DIR/tmp/scgi;

  upstream shop {
$SERVERS  }

  server {
    listen 127.0.0.1:$PORT;
    # Uploads up to the server's MAX_UPLOAD_BYTES (5 MiB by default) plus the multipart envelope.
    client_max_body_size 6m;

    location / {
      proxy_pass http://shop;
      proxy_http_version 1.1;
      proxy_set_header Host \$host;
      # nginx appends the address it saw to whatever the client sent: with TRUST_PROXY=1 the
      # server takes that last entry, so a client cannot choose its own address.
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_connect_timeout 2s;
      proxy_read_timeout 35s;
      # Connection failures only; never non_idempotent, so a POST is sent to one instance at most.
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
    }
  }
}
CONF

"$NGINX" -t -q -e "$DIR/error.log" -p "$DIR" -c "$DIR/nginx.conf" >&2
"$NGINX" -e "$DIR/error.log" -p "$DIR" -c "$DIR/nginx.conf"
for _ in $(seq 1 50); do
  [ -s "$DIR/nginx.pid" ] && break
  sleep 0.1
done
echo "http://127.0.0.1:$PORT"
