# Shared by every example's run.sh (sourced, bash). An example states a question, makes it happen on a Skiff
# cluster, prints what it sees as it happens, and ends by checking its own claims: `ok`, or what differed.
#
# The cluster: the one examples/run-all started (SKIFF_EXAMPLES_KUBECONFIG, exported by it), a Skiff cluster named
# by --kubeconfig FILE (or KUBECONFIG) when it is a Skiff server, or else a fresh one this script starts in a
# temporary directory and stops at the end. An example never runs against a cluster that is not Skiff.
#
# Environment (set by run-all, or by hand):
#   SKIFF_EXAMPLES_KUBECONFIG  the cluster to use
#   SKIFF_POD_MANIFEST_PATH    the server's --pod-manifest-path (static pod examples need it)
#   SKIFF_EXAMPLES_STRICT=1    a skipped example counts as failed (CI)
#   SKIFF_EXAMPLES_QUIET=1     no background watches (their lines are for people, not for the checks)
#   SKIFF_EXAMPLES_KEEP=1      keep each example's namespace, and the data dir of a server started for the examples
#   SKIFF_CLI                  the command that runs skiff (default bin/skiff, which builds it when needed)
set -uo pipefail

EXAMPLES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SKIFF_ROOT="$(cd "$EXAMPLES_DIR/.." && pwd)"
_failures=0
_checks=0
_background=()
_own_server_pid=""
_own_server_dir=""
_on_exit=()

# --- printing --------------------------------------------------------------------------------------------------

# A timestamp with milliseconds, as every line an example prints about the cluster carries one.
now() { date +%H:%M:%S.%3N; }

# A line of narration: what is about to happen and why.
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# A command shown, then run: `show kubectl get pods`.
show() {
  printf '$ %s\n' "$*"
  "$@"
}

# Prefixes each line of standard input with the time it arrived (for watches and logs followed live).
stamp() { while IFS= read -r line; do printf '%s %s\n' "$(now)" "$line"; done; }

# The skiff command line tool.
skiff_cli() {
  if [ -n "${SKIFF_CLI:-}" ]; then
    $SKIFF_CLI "$@"
  else
    "$SKIFF_ROOT/bin/skiff" "$@"
  fi
}

# --- the cluster -----------------------------------------------------------------------------------------------

_is_skiff() {
  kubectl --kubeconfig "$1" version -o json 2>/dev/null | grep -q '"gitVersion": *"v[0-9.]*-skiff'
}

_start_own_server() {
  _own_server_dir="$(mktemp -d "${TMPDIR:-/tmp}/skiff-example.XXXXXX")"
  mkdir -p "$_own_server_dir/manifests"
  echo "Starting a fresh Skiff in $_own_server_dir (its log: $_own_server_dir/server.log)..."
  local cli=("$SKIFF_ROOT/bin/skiff")
  [ -n "${SKIFF_CLI:-}" ] && read -ra cli <<< "$SKIFF_CLI"
  # A simple command in the background: $! is the server itself (bin/skiff execs java), so TERM reaches it.
  "${cli[@]}" server --data-dir "$_own_server_dir/data" --port 0 --kubelet-port 0 \
      --pod-manifest-path "$_own_server_dir/manifests" > "$_own_server_dir/server.log" 2>&1 &
  _own_server_pid=$!
  local deadline=$((SECONDS + 180))
  until grep -q "Skiff API server is ready at" "$_own_server_dir/server.log" 2>/dev/null; do
    if ! kill -0 "$_own_server_pid" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
      echo "skiff server did not start; its log:" >&2; cat "$_own_server_dir/server.log" >&2; exit 1
    fi
    sleep 0.2
  done
  export SKIFF_EXAMPLES_KUBECONFIG="$_own_server_dir/data/kubeconfig.yaml"
  export KUBECONFIG="$SKIFF_EXAMPLES_KUBECONFIG"
  export SKIFF_POD_MANIFEST_PATH="$_own_server_dir/manifests"
  grep -i "runtime" "$_own_server_dir/server.log" | head -n 1
  ensure_busybox_image "$_own_server_dir/data"
  wait_for "the node to be Ready" 120 kubectl wait --for=condition=Ready node --all --timeout=5s
}

_stop_own_server() {
  [ -n "$_own_server_pid" ] || return 0
  # runc containers outlive their server: every pod is deleted first, and the kubelet stops each and confirms it.
  KUBECONFIG="$SKIFF_EXAMPLES_KUBECONFIG" kubectl delete pods --all --all-namespaces --grace-period=1 \
    --timeout=90s > /dev/null 2>&1
  kill -TERM "$_own_server_pid" 2>/dev/null
  wait "$_own_server_pid" 2>/dev/null
  _own_server_pid=""
  [ -z "${SKIFF_EXAMPLES_KEEP:-}" ] && rm -rf "$_own_server_dir"
}

# Makes sure a Skiff cluster is there and `kubectl` talks to it.
use_cluster() {
  local given="${SKIFF_EXAMPLES_KUBECONFIG:-${KUBECONFIG:-}}"
  if [ -n "${SKIFF_EXAMPLES_KUBECONFIG:-}" ] || { [ -n "$given" ] && _is_skiff "$given"; }; then
    export SKIFF_EXAMPLES_KUBECONFIG="$given"
  else
    [ -n "$given" ] && echo "KUBECONFIG=$given is not a Skiff cluster; the example starts its own."
    _start_own_server
  fi
  export KUBECONFIG="$SKIFF_EXAMPLES_KUBECONFIG"
}

# The container runtime of the cluster's first node: runc or process.
node_runtime() {
  kubectl get nodes -o jsonpath='{.items[0].status.nodeInfo.containerRuntimeVersion}' | sed 's|:.*||'
}

# Skips the rest of the example unless the node runs pods under RUNTIME (CI: SKIFF_EXAMPLES_STRICT fails it).
require_runtime() {
  local want="$1" have
  have="$(node_runtime)"
  if [ "$have" != "$want" ]; then
    echo "skipped: this example needs the $want runtime (the node runs $have; see the README's first command)"
    _finish_skipped
  fi
}

# Skips the rest of the example unless the server runs static pods from a directory this script can write.
require_static_pods() {
  if [ -z "${SKIFF_POD_MANIFEST_PATH:-}" ] || [ ! -w "$SKIFF_POD_MANIFEST_PATH" ]; then
    echo "skipped: static pods need the server's --pod-manifest-path (set SKIFF_POD_MANIFEST_PATH to it)"
    _finish_skipped
  fi
}

# Imports a busybox image (docker.io/library/busybox:stable; examples name it busybox:stable, a tag other than latest
# so that the kubelet does not try to pull it) built from this machine's static busybox into the
# image store of DATA_DIR, unless it is there: runc pods need an image, and examples pull nothing from the internet.
ensure_busybox_image() {
  local data="$1" busybox work layer_id config_id
  skiff_cli image ls --data-dir "$data" 2>/dev/null | grep -q '^docker.io/library/busybox *stable' \
    && return 0
  busybox="$(command -v busybox || true)"
  if [ -z "$busybox" ] || [[ "$(LC_ALL=C ldd "$busybox" 2>&1)" != *"not a dynamic executable"* ]]; then
    echo "(no static busybox on this machine: runc examples will not find their image; apt-get install busybox-static)"
    return 0
  fi
  work="$(mktemp -d)"
  mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp" "$work/rootfs/etc"
  cp "$busybox" "$work/rootfs/bin/busybox"
  for applet in $("$busybox" --list); do [ "$applet" = busybox ] || ln -s busybox "$work/rootfs/bin/$applet"; done
  # A docker save archive: one layer, its config, and a manifest naming the image.
  tar -C "$work/rootfs" --owner=0 --group=0 --numeric-owner -cf "$work/layer.tar" .
  layer_id="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
  printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$(uname -m | sed 's/x86_64/amd64/;s/aarch64/arm64/')" "$layer_id" > "$work/config.json"
  config_id="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
  mkdir -p "$work/archive"
  mv "$work/layer.tar" "$work/archive/$layer_id.tar"
  mv "$work/config.json" "$work/archive/$config_id.json"
  printf '[{"Config":"%s.json","RepoTags":["docker.io/library/busybox:stable"],"Layers":["%s.tar"]}]' \
    "$config_id" "$layer_id" > "$work/archive/manifest.json"
  tar -C "$work/archive" -cf "$work/busybox.tar" .
  skiff_cli image import --data-dir "$data" "$work/busybox.tar" > /dev/null
  rm -rf "$work"
}

# --- the example's namespace and background watches --------------------------------------------------------------

# Starts an example: the cluster, and a fresh namespace named for it that every `k` command uses.
example_begin() {
  EXAMPLE="$1"
  NS="ex-$EXAMPLE"
  trap _cleanup EXIT
  use_cluster
  if kubectl get namespace "$NS" > /dev/null 2>&1; then
    kubectl delete namespace "$NS" --wait=true --timeout=120s > /dev/null
  fi
  kubectl create namespace "$NS" > /dev/null
  # The namespace's default ServiceAccount comes from a controller; pods are refused until it exists.
  wait_for "the default ServiceAccount of $NS" 30 kubectl -n "$NS" get serviceaccount default
}

# Runs COMMAND... when the example ends, however it ends (before its namespace is deleted): undo what a namespace
# does not hold, such as a static pod's manifest file.
on_exit() { _on_exit+=("$(printf '%q ' "$@")"); }

# kubectl in the example's namespace.
k() { kubectl -n "$NS" "$@"; }

# Runs a command in the background for the rest of the example, its lines time-stamped and indented: a watch.
background() {
  [ "${SKIFF_EXAMPLES_QUIET:-}" = 1 ] && return 0
  ( "$@" 2>&1 | stamp | sed -u 's/^/    /' ) &
  _background+=($!)
}

# `kubectl get -w` of the example's pods (or of KIND), printed as it happens.
watch_pods() {
  background kubectl -n "$NS" get "${1:-pods}" --watch --output-watch-events=false "${@:2}"
}

# The events of the example's namespace, oldest first, with their reason and message.
show_events() {
  kubectl -n "$NS" get events --sort-by=.metadata.creationTimestamp \
    -o custom-columns=LAST:.lastTimestamp,OBJECT:.involvedObject.name,REASON:.reason,MESSAGE:.message "$@"
}

# --- waiting and checking ----------------------------------------------------------------------------------------

# Polls COMMAND until it succeeds or TIMEOUT seconds pass (then the example fails): `wait_for "3 pods" 30 cmd...`.
wait_for() {
  local what="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" > /dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "  ✗ timed out after ${timeout}s waiting for $what" >&2
      _checks=$((_checks + 1))
      _failures=$((_failures + 1))
      return 1
    fi
    sleep 0.2
  done
}

# Polls until `eval EXPRESSION` prints EXPECTED (or TIMEOUT seconds pass): `wait_until "2 pods" 30 2 "count_pods"`.
wait_until() {
  local what="$1" timeout="$2" expected="$3" expression="$4"
  local deadline=$((SECONDS + timeout)) actual
  while :; do
    actual="$(eval "$expression" 2>/dev/null)"
    [ "$actual" = "$expected" ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      echo "  ✗ timed out after ${timeout}s waiting for $what: wanted '$expected', last saw '$actual'" >&2
      _checks=$((_checks + 1))
      _failures=$((_failures + 1))
      return 1
    fi
    sleep 0.2
  done
}

# One claim of the example: `check "what is claimed" "$actual" "$expected"`.
check() {
  local claim="$1" actual="$2" expected="$3"
  _checks=$((_checks + 1))
  if [ "$actual" = "$expected" ]; then
    printf '  ✓ %s\n' "$claim"
  else
    printf '  ✗ %s\n      expected: %s\n      got:      %s\n' "$claim" "$expected" "$actual"
    _failures=$((_failures + 1))
  fi
}

# A claim that ACTUAL matches the extended regular expression PATTERN.
check_match() {
  local claim="$1" actual="$2" pattern="$3"
  _checks=$((_checks + 1))
  if printf '%s' "$actual" | grep -Eq -- "$pattern"; then
    printf '  ✓ %s\n' "$claim"
  else
    printf '  ✗ %s\n      expected to match: %s\n      got: %s\n' "$claim" "$pattern" "$actual"
    _failures=$((_failures + 1))
  fi
}

# Ends the example: `ok` when every claim held, otherwise what differed, as its exit status says.
example_end() {
  _stop_background
  if [ "$_failures" -eq 0 ] && [ "$_checks" -gt 0 ]; then
    printf '\nok (%s: %d checks)\n' "$EXAMPLE" "$_checks"
    exit 0
  fi
  [ "$_checks" -eq 0 ] && echo "no claim was checked" && _failures=1
  printf '\nFAILED (%s: %d of %d checks differ)\n' "$EXAMPLE" "$_failures" "$_checks"
  exit 1
}

_finish_skipped() {
  _stop_background
  if [ "${SKIFF_EXAMPLES_STRICT:-}" = 1 ]; then
    echo "FAILED ($EXAMPLE: skipped, and SKIFF_EXAMPLES_STRICT is set)"
    exit 1
  fi
  exit 0
}

_stop_background() {
  local pid
  for pid in "${_background[@]}"; do
    pkill -P "$pid" 2>/dev/null
    kill "$pid" 2>/dev/null
  done
  _background=()
}

_cleanup() {
  local status=$? action
  _stop_background
  for action in "${_on_exit[@]}"; do eval "$action"; done
  if [ -n "${NS:-}" ] && [ -z "${SKIFF_EXAMPLES_KEEP:-}" ]; then
    kubectl delete namespace "$NS" --wait=false > /dev/null 2>&1
  fi
  _stop_own_server
  exit $status
}

# --- ReplicaSet examples (19-26) ---------------------------------------------------------------------------------

# The names of the example's pods that match SELECTOR and are not being deleted, one a line, sorted.
live_pods() {
  k get pods -l "$1" -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{"\n"}{end}' \
    | awk 'NF == 1 {print $1}' | sort
}

# How many times the events of the example's namespace say REASON about the object NAME (event counts summed).
event_count() {
  k get events --field-selector "involvedObject.name=$1,reason=$2" \
    -o jsonpath='{range .items[*]}{.count}{"\n"}{end}' | awk '{s += $1} END {print s + 0}'
}

# The messages of the events REASON about the object NAME, oldest first, one a line.
event_messages() {
  k get events --field-selector "involvedObject.name=$1,reason=$2" --sort-by=.metadata.creationTimestamp \
    -o jsonpath='{range .items[*]}{.message}{"\n"}{end}'
}
