#!/usr/bin/env bash
# Q11: a Pod asked to stop gets SIGTERM and time to finish its work, and leaves the Service's endpoints at once.
source "$(dirname "$0")/../lib.sh"
example_begin graceful-termination
dir="$(mktemp -d)"
on_exit rm -rf "$dir"

say "A Service 'shop' and its Pod; the container traps SIGTERM, drains for 8 s and exits"
show k apply -f "$(dirname "$0")/shop.yaml"
wait_for "the pod Ready" 60 k wait --for=condition=Ready pod/shop --timeout=5s
slice='-l kubernetes.io/service-name=shop -o custom-columns=SLICE:.metadata.name,ADDRESS:.endpoints[*].addresses[0],READY:.endpoints[*].conditions.ready,SERVING:.endpoints[*].conditions.serving,TERMINATING:.endpoints[*].conditions.terminating'
endpoint() { k get endpointslices -l kubernetes.io/service-name=shop \
  -o jsonpath='{range .items[*].endpoints[*]}ready={.conditions.ready} terminating={.conditions.terminating}{end}'; }
wait_until "the pod's endpoint to be ready" 30 "ready=true terminating=false" endpoint
show k get endpointslices $slice

# What the container writes, followed live (kept in a file for the checks at the end).
k logs -f shop > "$dir/log" 2>&1 &
follower=$!
background tail -n +1 -f "$dir/log"
watch_pods
background kubectl -n "$NS" get endpointslices --watch --output-watch-events=false $slice

say "Delete the pod: the kubelet sends SIGTERM; the endpoint turns ready=false, terminating=true at the same time"
deleted_at="$(now)"
show k delete pod shop --wait=false
state="$(k get pod shop -o jsonpath='{.metadata.deletionTimestamp} {.metadata.deletionGracePeriodSeconds}')"
read -r deadline grace <<< "$state"
echo "the pod is Terminating: deletionTimestamp=$deadline deletionGracePeriodSeconds=$grace"
wait_until "the endpoint to be terminating" 15 "ready=false terminating=true" endpoint
during="$(cat "$dir/log")"
check "the endpoint turned ready=false terminating=true while the container was still draining" \
  "$(grep -c 'done:' <<< "$during") $(grep -c 'SIGTERM received' <<< "$during")" "0 1"

say "The pod goes away when the container has finished and exited, not when the grace period (20 s) is over"
wait_for "the pod to be gone" 30 bash -c "! kubectl -n $NS get pod shop -o name"
gone_at="$(now)"
wait "$follower"
echo "deleted at $deleted_at, gone at $gone_at (its deadline, the deletionTimestamp, was $deadline); the container wrote:"
cat "$dir/log"
log="$(cat "$dir/log")"
check_match "the container received SIGTERM and drained" "$log" "SIGTERM received: draining"
check_match "it finished its order before exiting" "$log" "done: order finished, exiting 0"
check "it was gone before its grace period ran out (before its deletionTimestamp)" \
  "$(( $(date -d "$gone_at" +%s) < $(date -d "$deadline" +%s) ))" "1"
show_events --field-selector involvedObject.name=shop

example_end
