#!/usr/bin/env bash
# Q14: SIGTERM, the grace period, SIGKILL (exit code 137); and a force deletion, which does not wait for any of it.
source "$(dirname "$0")/../lib.sh"
example_begin forced-shutdown
dir="$(mktemp -d)"
chmod 777 "$dir"
on_exit rm -rf "$dir"
pod() { sed "s|@NAME@|$1|; s|@OUT@|$dir|" "$(dirname "$0")/pod.yaml"; }
seconds() { date -d "$(grep -m1 "$2" "$dir/$1.log" | cut -d' ' -f1)" +%s; }
last() { date -d "$(tail -n 1 "$dir/$1.log" | cut -d' ' -f1)" +%s; }

say "1. A graceful delete of a pod that ignores SIGTERM (terminationGracePeriodSeconds: 3)"
pod stubborn | k apply -f -
wait_for "the pod Ready" 60 k wait --for=condition=Ready pod/stubborn --timeout=5s
watch_pods stubborn -o custom-columns=NAME:.metadata.name,PHASE:.status.phase,STATE:.status.containerStatuses[0].state,DELETION:.metadata.deletionTimestamp
# The pod's last status before it leaves the API, as a watch sees it.
k get pod stubborn --watch -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.terminated.exitCode} {.status.containerStatuses[0].state.terminated.reason}{"\n"}' > "$dir/status" 2>&1 &
status_watch=$!
background tail -n +1 -f "$dir/stubborn.log"
show k delete pod stubborn --wait=false
wait_for "the pod to be gone" 30 bash -c "! kubectl -n $NS get pod stubborn -o name"
kill "$status_watch" 2>/dev/null

say "What the container wrote, and the pod's last status"
cat "$dir/stubborn.log"
term="$(seconds stubborn 'SIGTERM received')"
echo "SIGTERM at +0 s; the last line before SIGKILL at +$(( $(last stubborn) - term )) s"
echo "the last status the API showed (phase, exit code, reason): $(tail -n 1 "$dir/status")"
show_events --field-selector involvedObject.name=stubborn
check "the container went on for the grace period after SIGTERM (last line 2-4 s later)" \
  "$(( $(last stubborn) - term >= 2 && $(last stubborn) - term <= 4 ))" "1"
check "SIGKILL: exit code 137, reason Error, the pod Failed" "$(tail -n 1 "$dir/status")" "Failed 137 Error"

say "2. A force deletion: the API object goes at once, the container does not"
pod forced | k apply -f -
wait_for "the pod Ready" 60 k wait --for=condition=Ready pod/forced --timeout=5s
background tail -n +1 -f "$dir/forced.log"
echo "$ kubectl delete pod forced --force --grace-period=0"
warning="$(k delete pod forced --force --grace-period=0 2>&1)"
deleted="$(date +%s)"
echo "$warning"
show k get pod forced
check_match "kubectl warns that it does not wait" "$warning" \
  "Immediate deletion does not wait for confirmation that the running resource has been terminated"
check "the pod is gone from the API at once" "$(k get pod forced -o name 2>&1 | grep -c NotFound)" "1"
# The kubelet still stops the container, with the grace period it knew (the pod's 3 s): SIGTERM, then SIGKILL.
wait_until "the container's SIGTERM" 10 1 "grep -c 'SIGTERM received' $dir/forced.log"
wait_until "the container to stop writing" 20 1 '[ $(( $(date +%s) - $(stat -c %Y '"$dir"'/forced.log) )) -ge 2 ] && echo 1'
cat "$dir/forced.log"
echo "deleted (kubectl returned) at +0 s; SIGTERM at +$(( $(seconds forced SIGTERM) - deleted )) s; last line at +$(( $(last forced) - deleted )) s"
check "the container went on writing after its Pod object was gone" \
  "$(( $(last forced) > deleted ))" "1"
check "the kubelet still gave it the grace period before SIGKILL (last line 2-4 s after SIGTERM)" \
  "$(( $(last forced) - $(seconds forced SIGTERM) >= 2 && $(last forced) - $(seconds forced SIGTERM) <= 4 ))" "1"

example_end
