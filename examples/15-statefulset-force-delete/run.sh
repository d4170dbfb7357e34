#!/usr/bin/env bash
# Q15, Q16: an ordinary delete keeps "at most one web-0"; a force delete lets two web-0 run at once.
source "$(dirname "$0")/../lib.sh"
example_begin statefulset-force-delete
dir="$(mktemp -d)"
chmod 777 "$dir"
on_exit rm -rf "$dir"
log="$dir/shared.log"
uid() { k get pod web-0 -o jsonpath='{.metadata.uid}'; }
# Appends to one file keep their order: "yes" when pod OLD wrote "alive" after pod NEW's first line (both alive).
interleaved() { awk -v old="$1" -v new="$2" '$3 == new {seen = 1} seen && $3 == old && / alive$/ {print "yes"; exit}' "$log"; }
sts_ready() { k get statefulset web -o jsonpath='{.status.readyReplicas}'; }

say "A StatefulSet 'web' with one member, web-0, writing into a file on the node"
sed "s|@OUT@|$dir|" "$(dirname "$0")/web.yaml" | k apply -f -
wait_until "web-0 Ready" 60 1 sts_ready
watch_pods
background tail -n 0 -f "$log"
first="$(uid)"
echo "web-0 is pod $first"

say "1. The safe way: an ordinary delete (grace 3 s). The new web-0 comes only after the old one is gone"
show k delete pod web-0 --grace-period=3 --wait=false
wait_until "a new web-0" 30 1 "[ -n \"\$(uid)\" ] && [ \"\$(uid)\" != $first ] && echo 1"
second="$(uid)"
wait_until "the new web-0 to write" 30 1 "grep -q $second $log && echo 1"
echo "old web-0 ($first) wrote last at $(grep "$first" "$log" | tail -n 1 | cut -d' ' -f1);" \
  "new web-0 ($second) wrote first at $(grep "$second" "$log" | head -n 1 | cut -d' ' -f1)"
check "the old web-0 wrote its last line before the new one wrote its first (one writer at a time)" \
  "$(interleaved "$first" "$second")" ""
wait_until "web-0 Ready" 60 1 sts_ready

say "2. The unsafe way: a force delete. The name is free at once, so the StatefulSet creates web-0 again at once"
echo "$ kubectl delete pod web-0 --force --grace-period=0"
k delete pod web-0 --force --grace-period=0 2>&1
wait_until "a new web-0" 30 1 "[ -n \"\$(uid)\" ] && [ \"\$(uid)\" != $second ] && echo 1"
third="$(uid)"
echo "the new web-0 is pod $third; the old one ($second) is still running, killed only after its 8 s grace period"
wait_until "the old web-0 to write after the new one" 20 yes "interleaved $second $third"
awk -v new="$third" '$3 == new {seen = 1} seen' "$log" | head -n 10
check "two processes with the identity web-0 wrote into the same file, interleaved" \
  "$(interleaved "$second" "$third")" "yes"
check "the API shows one web-0 only" "$(k get pods -o name | grep -c web-0)" "1"

say "The old web-0 stops only when the kubelet kills it (SIGTERM, then SIGKILL 8 s later)"
wait_until "the old web-0 to stop writing" 20 1 "last=\$(grep '$second alive' $log | tail -n 1 | cut -d' ' -f1); [ \$(( \$(date +%s) - \$(date -d \$last +%s) )) -ge 2 ] && echo 1"
grep "$second" "$log" | grep -E 'SIGTERM' ; grep "$second" "$log" | tail -n 1
term="$(date -d "$(grep "$second SIGTERM" "$log" | tail -n 1 | cut -d' ' -f1)" +%s)"
stop="$(date -d "$(grep "$second alive" "$log" | tail -n 1 | cut -d' ' -f1)" +%s)"
check "the kubelet gave the force-deleted container its 8 s grace period (last line 7-10 s after SIGTERM)" \
  "$(( stop - term >= 7 && stop - term <= 10 ))" "1"

example_end
