#!/usr/bin/env python3
"""Derives Skiff's merge schema (list types, map keys and their defaults, atomic types, struct fields that hold
objects) for the served kinds from the structured-merge schema that client-go generates from the Kubernetes API
types (client-go applyconfigurations/internal/internal.go). Usage: merge_schema.py internal.go > merge-schema.json"""
import json, re, sys, yaml

KINDS = {
    "v1/Namespace": "io.k8s.api.core.v1.Namespace",
    "v1/Node": "io.k8s.api.core.v1.Node",
    "v1/Pod": "io.k8s.api.core.v1.Pod",
    "v1/Event": "io.k8s.api.core.v1.Event",
    "v1/ConfigMap": "io.k8s.api.core.v1.ConfigMap",
    "v1/Secret": "io.k8s.api.core.v1.Secret",
    "v1/Service": "io.k8s.api.core.v1.Service",
    "v1/ServiceAccount": "io.k8s.api.core.v1.ServiceAccount",
    "v1/ReplicationController": "io.k8s.api.core.v1.ReplicationController",
    "v1/Endpoints": "io.k8s.api.core.v1.Endpoints",
    "apps/v1/ReplicaSet": "io.k8s.api.apps.v1.ReplicaSet",
    "apps/v1/StatefulSet": "io.k8s.api.apps.v1.StatefulSet",
    "apps/v1/Deployment": "io.k8s.api.apps.v1.Deployment",
    "apps/v1/DaemonSet": "io.k8s.api.apps.v1.DaemonSet",
    "apps/v1/ControllerRevision": "io.k8s.api.apps.v1.ControllerRevision",
    "coordination.k8s.io/v1/Lease": "io.k8s.api.coordination.v1.Lease",
    "events.k8s.io/v1/Event": "io.k8s.api.events.v1.Event",
    "discovery.k8s.io/v1/EndpointSlice": "io.k8s.api.discovery.v1.EndpointSlice",
}

def short(name):
    for p in ("io.k8s.api.", "io.k8s.apimachinery.pkg.apis.", "io.k8s.apimachinery.pkg."):
        if name.startswith(p):
            return name[len(p):]
    return name

def main():
    src = open(sys.argv[1]).read()
    text = re.search(r"schemaYAML = typed.YAMLObject\(`(.*)`\)", src, re.S).group(1)
    types = {t["name"]: t for t in yaml.safe_load(text)["types"]}
    out_types = {}

    def ref(t):
        """A type reference: 'scalar', 'untyped', a named type, or an inline list/map."""
        if "namedType" in t:
            n = t["namedType"]
            if n == "__untyped_atomic_":
                return "atomic"
            if n == "__untyped_deduced_":
                return "deduced"
            named = types[n]
            if "map" not in named and "list" not in named:
                return "scalar"
            visit(n)
            return short(n)
        if "scalar" in t:
            return "scalar"
        if "list" in t:
            l = t["list"]
            rel = l.get("elementRelationship", "atomic")
            items = ref(l["elementType"])
            if rel == "atomic":
                return {"list": "atomic"}
            keys = l.get("keys")
            if not keys:
                return {"list": "set"}
            r = {"list": "map", "keys": keys, "items": items}
            elem = l["elementType"]
            fields = types[elem["namedType"]]["map"]["fields"] if "namedType" in elem else elem["map"]["fields"]
            defaults = {f["name"]: f["default"] for f in fields if f["name"] in keys and "default" in f}
            if defaults:
                r["keyDefaults"] = defaults
            return r
        if "map" in t:
            return struct_or_map(t["map"])
        raise ValueError(t)

    def struct_or_map(m):
        rel = m.get("elementRelationship", "separable")
        if "fields" in m:
            fields = {}
            for f in m["fields"]:
                r = ref(f["type"])
                if r != "scalar":
                    fields[f["name"]] = r
            s = {"fields": fields}
            if rel == "atomic":
                s["atomic"] = True
            return s
        if rel == "atomic":
            return {"map": "atomic"}
        return {"map": "granular", "values": ref(m["elementType"])}

    def visit(n):
        if short(n) in out_types:
            return
        out_types[short(n)] = None
        named = types[n]
        out_types[short(n)] = struct_or_map(named["map"]) if "map" in named else ref(named)

    kinds = {}
    for k, n in KINDS.items():
        visit(n)
        kinds[k] = short(n)
    compact = dict(separators=(",", ":"))
    lines = ['  "%s": %s' % (k, json.dumps(v, **compact)) for k, v in sorted(kinds.items())]
    sys.stdout.write('{"kinds": {\n' + ",\n".join(lines) + '\n},\n"types": {\n')
    lines = ['  "%s": %s' % (k, json.dumps(v, **compact)) for k, v in sorted(out_types.items())]
    sys.stdout.write(",\n".join(lines) + "\n}}\n")

main()
