#!/usr/bin/env bash
# Q12: a preStop hook longer than the grace period is cut off; the container then gets SIGTERM and 2 s, then SIGKILL.
source "$(dirname "$0")/../lib.sh"
example_begin prestop-longer-than-grace
dir="$(mktemp -d)"
on_exit rm -rf "$dir"

say "A pod with terminationGracePeriodSeconds: 4 and a preStop hook that needs 10 s"
show k apply -f "$(dirname "$0")/pod.yaml"
wait_for "the pod Ready" 60 k wait --for=condition=Ready pod/slow-hook --timeout=5s
# The container's log (with the hook's lines in it), followed live and kept for the checks.
k logs -f slow-hook > "$dir/log" 2>&1 &
follower=$!
background tail -n +1 -f "$dir/log"
watch_pods
wait_until "the container's first line" 10 1 "grep -c running $dir/log"

say "Delete it: the kubelet runs preStop first, and the grace period counts from there"
show k delete pod slow-hook --wait=false
show k get pod slow-hook -o custom-columns=NAME:.metadata.name,DELETION:.metadata.deletionTimestamp,GRACE:.metadata.deletionGracePeriodSeconds
wait_for "the pod to be gone" 30 bash -c "! kubectl -n $NS get pod slow-hook -o name"
wait "$follower"

say "What the container wrote (its own clock, in seconds)"
cat "$dir/log"
show_events --field-selector involvedObject.name=slow-hook
seconds() { date -d "$(grep -m1 "$1" "$dir/log" | cut -d' ' -f1)" +%s; }
hook="$(seconds 'preStop hook started')"
term="$(seconds 'SIGTERM received')"
last="$(date -d "$(grep 'still running' "$dir/log" | tail -n 1 | cut -d' ' -f1)" +%s)"
echo "preStop started at +0 s, SIGTERM at +$((term - hook)) s, the last line before SIGKILL at +$((last - hook)) s"
check "SIGTERM came when the 4 s grace period was used up by the hook (3-5 s after it started)" \
  "$(( term - hook >= 3 && term - hook <= 5 ))" "1"
check "the container lived on only for the 2 s extension after SIGTERM, then SIGKILL (last line 1-4 s after SIGTERM)" \
  "$(( last - term >= 1 && last - term <= 4 ))" "1"
check "the hook never finished its 10 s" "$(grep -c 'preStop hook finished' "$dir/log")" "0"
check_match "the kubelet reported that the hook failed" \
  "$(k get events --field-selector involvedObject.name=slow-hook -o jsonpath='{.items[*].reason}')" "FailedPreStopHook"

example_end
