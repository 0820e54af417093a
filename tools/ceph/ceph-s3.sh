#!/usr/bin/env bash
# A one-node Ceph (one monitor, one memstore OSD, the RADOS Gateway) on loopback, for the tests,
# the bench and people who want a real S3 endpoint with versioning and Object Lock on this machine.
#
#   tools/ceph/ceph-s3.sh start    start a fresh cluster (or reuse the one that answers) and print S3_* lines
#   tools/ceph/ceph-s3.sh stop     stop its daemons; its data (RAM only) is gone
#   tools/ceph/ceph-s3.sh status   daemons, their RSS, and whether a signed S3 request works
#   tools/ceph/ceph-s3.sh env      print the S3_* lines of the running cluster
#
# Settings: CEPH_S3_DIR (default <workspace>/.ceph-s3), CEPH_S3_PORT (gateway, default 7480),
# CEPH_S3_MON_PORT (monitor, default 13300), CEPH_S3_STORE_GB (memstore capacity, default 8),
# CEPH_S3_TIMEOUT (seconds per wait, default 60).
#
# Needs Debian's packages (no systemd: the daemons are started directly and daemonize):
#   apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common uuid-runtime
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=${CEPH_S3_DIR:-$ROOT/.ceph-s3}
PORT=${CEPH_S3_PORT:-7480}
MON_PORT=${CEPH_S3_MON_PORT:-13300}
STORE_GB=${CEPH_S3_STORE_GB:-8}
WAIT=${CEPH_S3_TIMEOUT:-60}
CONF=$DIR/ceph.conf
ENV_FILE=$DIR/s3.env
ENDPOINT=http://127.0.0.1:$PORT
# The gateway's default zonegroup accepts any SigV4 region; us-east-1 is what the SDK sends
# without a LocationConstraint.
REGION=us-east-1
# Fixed credentials on purpose: this cluster only listens on 127.0.0.1, holds test data in RAM and
# is recreated on every start. They are not secrets; never reuse them for a real gateway.
USER_ID=callrec
ACCESS_KEY=callrec-local
SECRET_KEY=callrec-local-secret-loopback-test-cluster-only
# SHA-256 of an empty body: the gateway refuses signed requests without x-amz-content-sha256.
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

log() { printf 'ceph-s3: %s\n' "$*" >&2; }
# Seconds since T0 with millisecond precision, without forking.
elapsed() {
  local now=${EPOCHREALTIME/[.,]/} start=${T0/[.,]/}
  local ms=$(((now - start) / 1000))
  printf '%d.%03d s' $((ms / 1000)) $((ms % 1000))
}
die() {
  log "$*"
  exit 1
}

require_packages() {
  local missing=()
  for bin in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool curl; do
    command -v "$bin" >/dev/null 2>&1 || missing+=("$bin")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    die "missing ${missing[*]}. Install Debian's Ceph packages (as root):
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common uuid-runtime curl"
  fi
}

# Admin commands hang when the monitor is gone (or, for some, without ceph-mgr): always bounded.
ceph_cli() { timeout 20 ceph -c "$CONF" --connect-timeout 10 "$@"; }

# This cluster's daemons: every process whose command line names our ceph.conf, found with shell
# builtins only (forks are slow on some CI machines). Exited daemons can linger as zombies with an
# empty /proc/PID/cmdline, so kill -0 would lie. Sets PIDS to "pid:name" entries.
find_daemons() {
  local f pid args
  PIDS=()
  for f in /proc/[0-9]*/cmdline; do
    args=()
    mapfile -d "" args 2>/dev/null <"$f" || continue
    [ ${#args[@]} -ge 3 ] && [ "${args[1]}" = -c ] && [ "${args[2]}" = "$CONF" ] || continue
    pid=${f#/proc/}
    case "${args[0]##*/}" in ceph-mon | ceph-osd | radosgw) PIDS+=("${pid%/cmdline}:${args[0]##*/}") ;; esac
  done
}

# daemon_pids <name...>: sets DPIDS to the PIDs of those daemons.
daemon_pids() {
  local entry name
  DPIDS=()
  find_daemons
  for entry in "${PIDS[@]}"; do
    for name in "$@"; do [ "${entry#*:}" != "$name" ] || DPIDS+=("${entry%%:*}"); done
  done
}

# A signed ListBuckets that lists our user's buckets: only when the gateway, the OSD and the user
# all work (any other web server on the port would answer 200 too, but not with this body).
s3_ready() {
  local body
  body=$(curl -sf --max-time 3 --aws-sigv4 "aws:amz:$REGION:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
    -H "x-amz-content-sha256: $EMPTY_SHA256" "$ENDPOINT/" 2>/dev/null) || return 1
  case "$body" in *"<ListAllMyBucketsResult"*"<ID>$USER_ID</ID>"*) return 0 ;; *) return 1 ;; esac
}

print_env() {
  cat <<EOF
S3_ENDPOINT=$ENDPOINT
S3_ACCESS_KEY_ID=$ACCESS_KEY
S3_SECRET_ACCESS_KEY=$SECRET_KEY
S3_REGION=$REGION
S3_FORCE_PATH_STYLE=true
EOF
}

# wait_for <what> <log file> <command...>: poll until the command succeeds, bounded by $WAIT.
# Fails at once when one of our daemons has exited (a port in use, a bad option...).
wait_for() {
  local what=$1 logfile=$2 deadline=$((SECONDS + WAIT)) name
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$what not ready after ${WAIT}s; see $logfile"
    find_daemons
    for name in ceph-mon:mon.a ceph-osd:osd.0 radosgw:client.rgw.a; do
      case " ${PIDS[*]} " in *":${name%%:*} "*) ;; *) die "${name%%:*} exited while waiting for $what; see $DIR/log/${name#*:}.log" ;; esac
    done
    sleep 0.1
  done
}

# signal_and_wait <signal> <seconds> <name...>: signal those daemons, wait until they are gone.
signal_and_wait() {
  local sig=$1 deadline=$((SECONDS + $2)) pid
  shift 2
  daemon_pids "$@"
  for pid in "${DPIDS[@]}"; do kill "-$sig" "$pid" 2>/dev/null || true; done
  while [ ${#DPIDS[@]} -gt 0 ] && [ $SECONDS -lt $deadline ]; do
    sleep 0.05
    daemon_pids "$@"
  done
}

stop_cluster() {
  # The gateway first, while the cluster under it still answers. Its clean shutdown takes ~4 s,
  # which nothing needs (the cluster is thrown away), so it gets 2 s before a KILL.
  signal_and_wait TERM 2 radosgw
  signal_and_wait KILL 3 radosgw
  # The OSD's data is RAM that the next start discards anyway, and memstore writes all of it to
  # disk on a clean stop: kill it outright.
  signal_and_wait KILL 3 ceph-osd
  signal_and_wait TERM 3 ceph-mon
  signal_and_wait KILL 3 ceph-mon
  find_daemons
  [ ${#PIDS[@]} -eq 0 ] || die "could not stop Ceph processes ${PIDS[*]}"
}

write_conf() {
  local fsid=$1
  cat >"$CONF" <<EOF
# Written by tools/ceph/ceph-s3.sh for a throwaway one-node cluster; recreated on every start.
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$MON_PORT]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
# msgr2 only, on ports away from Ceph's usual 3300/6789/6800-7300 so a real cluster never clashes.
ms bind msgr1 = false
ms bind port min = $((MON_PORT + 1))
ms bind port max = $((MON_PORT + 99))
# No cephx inside the cluster (S3 SigV4 at the gateway is separate). Without auth, clients must
# not ask the monitor for the "secure" mode, which needs keys.
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
run dir = $DIR/run
crash dir = $DIR/crash
admin socket = $DIR/run/\$name.asok
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
mon cluster log file = $DIR/log/cluster.log
log to stderr = false
err to stderr = false
# One OSD: pools of one replica, placement across OSDs rather than hosts, few PGs.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
# The monitor stops itself below 5 % free disk by default; test machines often have less.
mon data avail crit = 0
mon data avail warn = 0
# Pool creation and map changes take ~1 s instead of ~8 s.
paxos propose interval = 0.05
paxos min wait = 0.01

[mon]
mon data = $DIR/mon/\$cluster-\$id

[osd]
osd data = $DIR/osd/\$cluster-\$id
osd objectstore = memstore
memstore device bytes = $((STORE_GB * 1024 * 1024 * 1024))
osd crush initial weight = 1

[client.rgw.a]
rgw data = $DIR/rgw
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
# SSE-C over plain HTTP: this gateway only listens on loopback.
rgw crypt require ssl = false
EOF
}

start_cluster() {
  local fsid osd_uuid osd_id mkfs_pid
  T0=$EPOCHREALTIME
  stop_cluster
  find "$DIR" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
  mkdir -p "$DIR/run" "$DIR/log" "$DIR/crash" "$DIR/mon/ceph-a" "$DIR/osd/ceph-0" "$DIR/rgw"
  read -r fsid </proc/sys/kernel/random/uuid
  read -r osd_uuid </proc/sys/kernel/random/uuid
  write_conf "$fsid"

  log "creating a fresh cluster in $DIR"
  # The OSD's mkfs needs only the fsid from ceph.conf: it runs while the monitor comes up.
  timeout 60 ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$DIR/log/mkfs.log" 2>&1 9>&- &
  mkfs_pid=$!
  timeout 30 monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null ||
    die "monmaptool failed"
  timeout 30 ceph-mon -c "$CONF" -i a --mkfs --monmap "$DIR/monmap" >>"$DIR/log/mkfs.log" 2>&1 ||
    die "ceph-mon --mkfs failed; see $DIR/log/mkfs.log"
  timeout 30 ceph-mon -c "$CONF" -i a >>"$DIR/log/daemons.log" 2>&1 9>&- || die "ceph-mon did not start; see $DIR/log/mon.a.log"
  # The CLI waits for the monitor itself (bounded by ceph_cli); each call costs a Python start.
  osd_id=$(ceph_cli osd new "$osd_uuid" 2>>"$DIR/log/mkfs.log") ||
    die "ceph osd new failed (is the monitor up?); see $DIR/log/mon.a.log"
  [ "$osd_id" = 0 ] || die "expected OSD id 0, got '$osd_id'"
  log "monitor up at $(elapsed)"
  wait "$mkfs_pid" || die "ceph-osd --mkfs failed; see $DIR/log/mkfs.log and $DIR/log/osd.0.log"
  timeout 30 ceph-osd -c "$CONF" -i 0 >>"$DIR/log/daemons.log" 2>&1 9>&- || die "ceph-osd did not start; see $DIR/log/osd.0.log"
  # No wait for the OSD: the gateway's first pool operations wait for it (its init timeout is
  # 300 s, ours below is shorter). Not earlier than here: a client started before the monitor
  # listens retries only every few seconds.
  timeout 30 radosgw -c "$CONF" -n client.rgw.a >>"$DIR/log/daemons.log" 2>&1 9>&- ||
    die "radosgw did not start; see $DIR/log/client.rgw.a.log"
  # The gateway creates its pools and default zone as it starts; the user needs them, and
  # radosgw-admin creating the zone at the same time would race it.
  wait_for "the gateway (and the OSD under it)" "$DIR/log/client.rgw.a.log and $DIR/log/osd.0.log" gateway_listening
  log "gateway listening at $(elapsed)"
  timeout 60 radosgw-admin -c "$CONF" user create --uid "$USER_ID" --display-name "callrec local tests" \
    --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" >>"$DIR/log/radosgw-admin.log" 2>&1 ||
    die "radosgw-admin user create failed; see $DIR/log/radosgw-admin.log"
  wait_for "a signed S3 request" "$DIR/log/client.rgw.a.log" s3_ready
  log "ready in $(elapsed) at $ENDPOINT (data in RAM; gone on stop)"
}

gateway_listening() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$ENDPOINT/" 2>/dev/null) || true
  [ "$code" != 000 ] && [ -n "$code" ]
}

with_lock() {
  mkdir -p "$DIR"
  exec 9>"$DIR/.lock"
  flock -w "$WAIT" 9 || die "another ceph-s3.sh has held $DIR/.lock for ${WAIT}s"
}

cmd_start() {
  require_packages
  with_lock
  if s3_ready; then
    log "already running at $ENDPOINT"
  else
    daemon_pids radosgw
    if [ ${#DPIDS[@]} -eq 0 ] && gateway_listening; then
      die "something else answers on 127.0.0.1:$PORT; set CEPH_S3_PORT to a free port"
    fi
    start_cluster
  fi
  print_env >"$ENV_FILE.tmp"
  mv "$ENV_FILE.tmp" "$ENV_FILE"
  print_env
}

cmd_stop() {
  [ -d "$DIR" ] || return 0
  with_lock
  stop_cluster
  rm -f "$ENV_FILE"
  log "stopped"
}

cmd_status() {
  local name pid rss ok=0
  for name in ceph-mon ceph-osd radosgw; do
    daemon_pids "$name"
    pid=${DPIDS[0]:-}
    if [ -n "$pid" ]; then
      rss=$(awk '/^VmRSS:/ { printf "%d MiB", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null)
      printf '%-9s pid %s, RSS %s\n' "$name" "$pid" "$rss"
    else
      printf '%-9s not running\n' "$name"
      ok=1
    fi
  done
  if s3_ready; then
    echo "S3 at $ENDPOINT answers a signed request"
  else
    echo "S3 at $ENDPOINT does not answer a signed request (logs: $DIR/log)"
    ok=1
  fi
  return $ok
}

cmd_env() {
  [ -f "$ENV_FILE" ] || die "not started: run tools/ceph/ceph-s3.sh start"
  cat "$ENV_FILE"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
