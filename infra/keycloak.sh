#!/usr/bin/env bash
# Fetches, starts and stops a local DEV Keycloak with the `lending` realm imported.
#
# Usage: infra/keycloak.sh fetch|start|wait|stop|status|reset
#   fetch   download org.keycloak:keycloak-quarkus-dist:<version>:tar.gz through Maven and unpack it once
#   start   fetch if needed, copy the realm JSON into data/import, start `kc.sh start-dev` in the background
#           (idempotent: says so when it is already running)
#   wait    poll the management port's /health/ready until it answers 200 (timeout LENDING_KEYCLOAK_WAIT_SECONDS)
#   stop    stop the Keycloak started by `start` (TERM, then KILL after 30 s)
#   status  print whether it runs and whether it is ready; exit 0 only when ready
#   reset   stop and delete the dev database, so the next start imports the realm JSON again
#           (an existing realm is never re-imported)
#
# Environment (all optional):
#   LENDING_HOME                        state folder, default <repo>/.lending (Keycloak lives in $LENDING_HOME/keycloak)
#   LENDING_KEYCLOAK_VERSION            default 26.7.3
#   LENDING_KEYCLOAK_HOST               default 127.0.0.1
#   LENDING_KEYCLOAK_HTTP_PORT          default 18080
#   LENDING_KEYCLOAK_MANAGEMENT_PORT    default 18081 (health endpoints)
#   LENDING_KEYCLOAK_WAIT_SECONDS       default 180
#   KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD
#                                       master-realm admin, DEV defaults admin / admin
#   LENDING_SERVICE_CLIENT_SECRET       secret of the lending-service client at realm import
#                                       (DEV default: dev-only-lending-service-secret)
#   JAVA_HOME                           used when it is a JDK 21+, else the newest 21+ under /usr/lib/jvm
set -euo pipefail

repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${LENDING_KEYCLOAK_VERSION:-26.7.3}"
host="${LENDING_KEYCLOAK_HOST:-127.0.0.1}"
http_port="${LENDING_KEYCLOAK_HTTP_PORT:-18080}"
management_port="${LENDING_KEYCLOAK_MANAGEMENT_PORT:-18081}"
wait_seconds="${LENDING_KEYCLOAK_WAIT_SECONDS:-180}"
base_dir="${LENDING_HOME:-$repo_dir/.lending}/keycloak"
dist_dir="$base_dir/dist"
home_dir="$base_dir/keycloak-$version"
pid_file="$base_dir/keycloak.pid"
log_file="$base_dir/keycloak.log"
realm_file="$repo_dir/identity/src/main/resources/keycloak/lending-realm.json"
ready_url="http://$host:$management_port/health/ready"

log() { printf 'keycloak: %s\n' "$*"; }
die() { printf 'keycloak: ERROR: %s\n' "$*" >&2; exit 1; }

# Prints the major version of the JDK in $1, or nothing.
java_major() {
  local release="$1/release" v
  [[ -x "$1/bin/java" ]] || return 0
  if [[ -f "$release" ]]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
  else
    v="$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
  fi
  printf '%s' "$v"
}

# Prints a JAVA_HOME that holds a JDK 21+: $JAVA_HOME first, else the newest under /usr/lib/jvm.
find_java_home() {
  local candidate major best="" best_major=0
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major="$(java_major "$JAVA_HOME")"
    if [[ -n "$major" && "$major" -ge 21 ]]; then printf '%s' "$JAVA_HOME"; return; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [[ -d "$candidate" && ! -L "$candidate" ]] || continue
    major="$(java_major "$candidate")"
    if [[ -n "$major" && "$major" -ge 21 && "$major" -gt "$best_major" ]]; then
      best="$candidate"; best_major="$major"
    fi
  done
  [[ -n "$best" ]] || die "Keycloak $version needs a JDK 21 or newer: JAVA_HOME (${JAVA_HOME:-unset}) is older or unset and /usr/lib/jvm holds none. Install one (e.g. Temurin 25) and set JAVA_HOME."
  printf '%s' "$best"
}

running_pid() {
  local pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && { printf '%s' "$pid"; return 0; }
  return 1
}

is_ready() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$ready_url" 2>/dev/null || true)" == "200" ]]
}

port_in_use() {
  (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null
}

cmd_fetch() {
  if [[ -x "$home_dir/bin/kc.sh" ]]; then
    log "Keycloak $version already unpacked in $home_dir"
    return
  fi
  local archive="$dist_dir/keycloak-quarkus-dist-$version.tar.gz"
  if [[ ! -f "$archive" ]]; then
    command -v mvn >/dev/null || die "mvn is not on the PATH: it downloads Keycloak from Maven Central"
    mkdir -p "$dist_dir"
    log "downloading org.keycloak:keycloak-quarkus-dist:$version:tar.gz into $dist_dir"
    local maven_java maven_opts="${MAVEN_OPTS:-}"
    maven_java="$(find_java_home)"
    # Maven 3.8's bundled Guava uses sun.misc.Unsafe; keep JDK 24+ quiet about it.
    if [[ "$(java_major "$maven_java")" -ge 24 && "$maven_opts" != *sun-misc-unsafe* ]]; then
      maven_opts="$maven_opts --sun-misc-unsafe-memory-access=allow"
    fi
    JAVA_HOME="$maven_java" MAVEN_OPTS="$maven_opts" mvn -B -q -ntp -Dstyle.color=never -N -f "$repo_dir/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:tar.gz" \
      -DoutputDirectory="$dist_dir" -Dmdep.overWriteReleases=false
    [[ -f "$archive" ]] || die "download finished but $archive is missing"
  fi
  log "unpacking $archive"
  local tmp="$base_dir/unpack.$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  tar -xzf "$archive" -C "$tmp"
  mv "$tmp/keycloak-$version" "$home_dir"
  rm -rf "$tmp"
  log "Keycloak $version ready in $home_dir"
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    log "already running (pid $pid, log $log_file); http://$host:$http_port"
    return
  fi
  if port_in_use "$http_port" || port_in_use "$management_port"; then
    die "port $http_port or $management_port on $host is taken by another process (not started by this script); stop it or set LENDING_KEYCLOAK_HTTP_PORT / LENDING_KEYCLOAK_MANAGEMENT_PORT"
  fi
  [[ -f "$realm_file" ]] || die "realm file $realm_file is missing"
  cmd_fetch
  local java_home
  java_home="$(find_java_home)"
  mkdir -p "$home_dir/data/import"
  cp "$realm_file" "$home_dir/data/import/lending-realm.json"
  log "starting Keycloak $version on http://$host:$http_port (management $management_port) with JAVA_HOME=$java_home; log $log_file"
  : >"$log_file"
  (
    cd "$home_dir"
    export JAVA_HOME="$java_home"
    export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
    export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
    exec setsid nohup bin/kc.sh start-dev \
      --http-host="$host" --http-port="$http_port" \
      --http-management-port="$management_port" --health-enabled=true \
      --hostname="http://$host:$http_port" --import-realm \
      </dev/null >>"$log_file" 2>&1
  ) &
  echo $! >"$pid_file"
  log "started (pid $(cat "$pid_file")); run '$0 wait' to block until it is ready"
}

cmd_wait() {
  local start=$SECONDS
  while (( SECONDS - start < wait_seconds )); do
    if is_ready; then
      log "ready after $(( SECONDS - start )) s: $ready_url answers 200"
      return
    fi
    if [[ -f "$pid_file" ]] && ! running_pid >/dev/null; then
      log "the Keycloak process has exited; last lines of $log_file:"
      tail -n 40 "$log_file" >&2 || true
      die "Keycloak did not start"
    fi
    sleep 2
  done
  log "not ready after $wait_seconds s; last lines of $log_file:"
  tail -n 40 "$log_file" >&2 || true
  die "timed out waiting for $ready_url"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    log "not running"
    rm -f "$pid_file"
    return
  fi
  # `start` runs kc.sh in its own session, so the pid is also the process group of kc.sh and its java child.
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 -- "-$pid" 2>/dev/null; then
    log "process group $pid ignored TERM for 30 s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  log "stopped"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if is_ready; then
      log "running and ready (pid $pid): http://$host:$http_port/realms/lending"
      return 0
    fi
    log "running (pid $pid) but not ready yet; see $log_file"
    return 1
  fi
  if is_ready; then
    log "a Keycloak not started by this script answers on $ready_url"
    return 0
  fi
  log "not running"
  return 3
}

cmd_reset() {
  cmd_stop
  rm -rf "$home_dir/data/h2"
  log "dev database removed; the next start imports $realm_file again"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  wait) cmd_wait ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
