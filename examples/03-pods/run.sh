#!/usr/bin/env bash
# Q3, Q4: a Pod's containers share one network namespace, hostname, volumes and (when asked) process namespace.
source "$(dirname "$0")/../lib.sh"
example_begin pods
require_runtime runc

say "Create a pod of three containers (server, writer, client) and a second pod, neighbour"
watch_pods
show k apply -f "$(dirname "$0")/pod.yaml"
wait_for "both pods Ready" 60 k wait --for=condition=Ready pod/web pod/neighbour --timeout=5s

say "Three containers, one pod: one node, one IP, one hostname"
show k get pod web -o wide
ip="$(k get pod web -o jsonpath='{.status.podIP}')"
for c in server writer client; do
  printf '%-7s hostname=%s  addresses=%s\n' "$c" "$(k exec web -c "$c" -- hostname)" \
    "$(k exec web -c "$c" -- ip -4 -o addr show eth0 | awk '{print $4}')"
done
check "every container's hostname is the pod's name" \
  "$(for c in server writer client; do k exec web -c "$c" -- hostname; done | sort -u)" "web"
check "every container has the pod IP $ip" \
  "$(for c in server writer client; do k exec web -c "$c" -- ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1; done | sort -u)" "$ip"

say "The client fetches from localhost:8080 what the writer wrote into the shared emptyDir"
show k logs web -c client --tail=2
written="$(k exec web -c writer -- cat /www/index.html)"
served="$(k exec web -c client -- wget -qO- http://localhost:8080/)"
echo "writer's file:  $written"
echo "client fetched: $served"
check_match "the client reads the writer's file through the server, at localhost" "$served" "^written by the writer at"

say "shareProcessNamespace: the client sees the other containers' processes"
show k exec web -c client -- ps -o pid,args
check_match "the client's ps lists the server's httpd" "$(k exec web -c client -- ps -o args)" "httpd -f -p 8080"

say "Another pod has its own localhost: neighbour reaches the server only at the pod's IP"
local_answer="$(k exec neighbour -- wget -qO- http://localhost:8080/ 2>&1)"
echo "neighbour -> localhost:8080: $local_answer"
via_ip="$(k exec neighbour -- wget -qO- "http://$ip:8080/" 2>&1)"
echo "neighbour -> $ip:8080:  $via_ip"
check_match "neighbour's localhost:8080 is not the server" "$local_answer" "refused|timed out|can't connect"
check_match "neighbour reaches the server at the pod IP" "$via_ip" "^written by the writer at"

example_end
