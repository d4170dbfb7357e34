#!/usr/bin/env bash
# Q9, Q10: probes tell the kubelet what the process table cannot: readiness takes a pod out of its Service's
# endpoints while it keeps running, liveness restarts a hung container, a startup probe holds liveness off for a slow
# starter; handlers exec, httpGet, tcpSocket and grpc.
source "$(dirname "$0")/../lib.sh"
example_begin probes

# Under the process runtime every pod shares the host's network (pod IP 127.0.0.1): use ports nobody else uses.
http_port=8080 grpc_port=8081
if [ "$(node_runtime)" = process ]; then
  http_port=$((20000 + RANDOM % 20000)) grpc_port=$((http_port + 1))
fi
apply() {
  printf '$ kubectl -n %s apply -f %s\n' "$NS" "$1"
  sed "s/8080/$http_port/g; s/8081/$grpc_port/g" "$(dirname "$0")/$1" | k apply -f -
}
ready() { k get pod "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}'; }
restarts() { k get pod "$1" -o jsonpath='{.status.containerStatuses[0].restartCount}'; }
slice_ready() {
  k get endpointslices -l kubernetes.io/service-name=web -o jsonpath='{.items[*].endpoints[*].conditions.ready}'
}
events_of() {
  k get events --field-selector "involvedObject.name=$1" --sort-by=.metadata.creationTimestamp \
    -o jsonpath='{range .items[*]}{.reason}: {.message}{"\n"}{end}'
}

say "Start every pod at once: web (+ Service), hung, slow, impatient, grpc-check"
watch_pods
apply web.yaml
apply hung.yaml
apply startup.yaml
apply grpc.yaml

say "Q9 readiness (httpGet): web is Ready and is an endpoint of its Service"
wait_for "web Ready" 60 k wait --for=condition=Ready pod/web --timeout=5s
wait_until "web's endpoint to be ready" 30 true slice_ready
show k get endpointslices -l kubernetes.io/service-name=web \
  -o custom-columns=NAME:.metadata.name,ADDRESSES:.endpoints[*].addresses[0],READY:.endpoints[*].conditions.ready
check "web's EndpointSlice endpoint is ready" "$(slice_ready)" "true"

say "Make /ready.txt disappear (say the app lost its database): readiness fails, liveness (tcpSocket) still passes"
show k exec web -- sh -c 'rm ${SKIFF_VOLUME_WWW:-/www}/ready.txt'
wait_until "web not Ready" 30 False "ready web"
wait_until "web's endpoint to be not ready" 30 false slice_ready
show k get endpointslices -l kubernetes.io/service-name=web \
  -o custom-columns=NAME:.metadata.name,ADDRESSES:.endpoints[*].addresses[0],READY:.endpoints[*].conditions.ready
show k get endpoints web -o jsonpath='addresses: {.subsets[0].addresses}{"\n"}notReadyAddresses: {.subsets[0].notReadyAddresses}{"\n"}'
check "the EndpointSlice keeps web, marked not ready (no traffic)" "$(slice_ready)" "false"
check "Endpoints lists web under notReadyAddresses" \
  "$(k get endpoints web -o jsonpath='{.subsets[0].notReadyAddresses[0].targetRef.name}/{.subsets[0].addresses}')" "web/"
check "web keeps running: readiness never restarts anything" "$(restarts web)" "0"
check_match "an Unhealthy event tells why" "$(events_of web)" 'Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404'

say "Put /ready.txt back: web is an endpoint again"
show k exec web -- sh -c 'echo ok > ${SKIFF_VOLUME_WWW:-/www}/ready.txt'
wait_until "web's endpoint ready again" 30 true slice_ready
check "web is Ready again, never restarted" "$(ready web) $(restarts web)" "True 0"

say "Q9 liveness (exec): hung deadlocked without exiting; the kubelet kills it and starts it again"
wait_until "hung to be restarted" 60 1 "restarts hung"
wait_for "hung Running again" 30 k wait --for=jsonpath='{.status.containerStatuses[0].state.running}' pod/hung --timeout=5s
show k logs hung --previous
events_of hung | grep -E 'Unhealthy|Killing' | sort -u
check_match "Unhealthy: the probe's output is the message" "$(events_of hung)" \
  "Unhealthy: Liveness probe failed: cat: (can't open )?'?[^ ]*alive'?: No such file or directory"
check_match "Killing: the kubelet says why it kills" "$(events_of hung)" \
  'Killing: Container worker failed liveness probe, will be restarted'
check_match "the hung container ended on SIGTERM" "$(k logs hung --previous)" 'got SIGTERM'
check "restartCount is 1" "$(restarts hung)" "1"

say "Q10 startup: slow needs 5 s to come up; its startup probe holds liveness off, impatient (no startup probe) is killed"
wait_for "slow Ready" 60 k wait --for=condition=Ready pod/slow --timeout=5s
wait_until "impatient to be restarted" 60 yes "[ \"\$(restarts impatient)\" -ge 1 ] && echo yes"
show k get pods slow impatient
show k get pod slow -o jsonpath='slow: started={.status.containerStatuses[0].started} at {.status.containerStatuses[0].state.running.startedAt}, Ready since {.status.conditions[?(@.type=="Ready")].lastTransitionTime}{"\n"}'
check "slow was never restarted" "$(restarts slow)" "0"
check_match "slow's startup probe failed while it started" "$(events_of slow)" 'Unhealthy: Startup probe failed'
check "slow never failed a liveness probe" "$(events_of slow | grep -c 'Liveness probe failed')" "0"
check_match "impatient was killed by liveness before it came up" "$(events_of impatient)" \
  'Killing: Container app failed liveness probe, will be restarted'
check "impatient never came up" "$(k logs impatient --previous 2>/dev/null | grep -c ' up$')" "0"

say "Q10 grpc: the probed port speaks HTTP/1, not the gRPC health protocol, so grpc-check never becomes Ready"
wait_until "a failed grpc probe" 30 yes "events_of grpc-check | grep -q 'Readiness probe failed' && echo yes"
events_of grpc-check | grep Unhealthy | sort -u
check "grpc-check is not Ready" "$(ready grpc-check)" "False"
check "and keeps running (a readiness failure kills nothing)" "$(restarts grpc-check)" "0"

example_end
