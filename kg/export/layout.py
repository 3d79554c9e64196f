"""Layout: deterministic node positions for the page, computed in linear time.

A force layout of 10,000 nodes takes minutes, so the page gets positions from here:
documents on a grid grouped by region, each document's tasks on rings around it,
every other node (agencies, programs, targets, clusters) at the mean position of its
neighbours, and regions above the documents they hold.  The same graph always gets
the same positions (part of the byte-identical exports).
"""

from __future__ import annotations

import math
from collections import defaultdict

DOC_SPACING = 900.0
RING_GAP = 70.0
RING_FIRST = 160.0


def compute_layout(nodes: list[dict], edges: list[dict]) -> dict[int, tuple[float, float]]:
    """Positions by node id; `nodes` carry "id", "cls", "doc", "region"."""
    pos: dict[int, tuple[float, float]] = {}
    by_id = {n["id"]: n for n in nodes}
    docs = sorted(
        (n for n in nodes if n["cls"] == "ont:PolicyDocument"),
        key=lambda n: (str(n.get("region")), n["label"], n["id"]),
    )
    corpus_docs = [d for d in docs if d.get("file")]
    other_docs = [d for d in docs if not d.get("file")]
    cols = max(1, math.ceil(math.sqrt(len(corpus_docs) or 1)))
    for i, d in enumerate(corpus_docs):
        pos[d["id"]] = ((i % cols) * DOC_SPACING, (i // cols) * DOC_SPACING)
    # tasks in rings around their document
    tasks_of: dict[int, list[int]] = defaultdict(list)
    for n in nodes:
        if n["cls"] == "ont:Task" and n.get("doc") is not None:
            tasks_of[n["doc"]].append(n["id"])
    for doc_id, tasks in tasks_of.items():
        cx, cy = pos.get(doc_id, (0.0, 0.0))
        ring, slot, radius = 0, 0, RING_FIRST
        for tid in sorted(tasks):
            per_ring = max(6, int(2 * math.pi * radius / 60))
            angle = 2 * math.pi * slot / per_ring + ring * 0.3
            pos[tid] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
            slot += 1
            if slot >= per_ring:
                ring, slot, radius = ring + 1, 0, radius + RING_GAP
    # everything else at the mean of its placed neighbours (two passes), with a small
    # deterministic offset so that nodes sharing neighbours do not sit on each other
    neighbours: dict[int, list[int]] = defaultdict(list)
    for e in edges:
        neighbours[e["from"]].append(e["to"])
        neighbours[e["to"]].append(e["from"])
    rest = [n["id"] for n in nodes if n["id"] not in pos]
    for _ in range(2):
        for nid in rest:
            placed = [pos[m] for m in neighbours.get(nid, ()) if m in pos and m != nid]
            if placed:
                x = sum(p[0] for p in placed) / len(placed)
                y = sum(p[1] for p in placed) / len(placed)
                angle = (nid * 2.399963) % (2 * math.pi)  # golden angle spreads siblings
                r = 40.0 + 12.0 * (nid % 7)
                pos[nid] = (x + r * math.cos(angle), y + r * math.sin(angle))
    # unplaced (isolated) nodes and cited documents: a row below the grid
    bottom = (math.ceil(len(corpus_docs) / cols) + 0.5) * DOC_SPACING
    k = 0
    for nid in [d["id"] for d in other_docs] + rest:
        if nid not in pos:
            pos[nid] = ((k % 40) * 120.0, bottom + (k // 40) * 120.0)
            k += 1
    # regions above everything
    regions = sorted((n for n in nodes if n["cls"] == "ont:Region"), key=lambda n: n["id"])
    for n in regions:
        x, _ = pos.get(n["id"], (0.0, 0.0))
        level = {"national": 0, "province": 1, "city": 2}.get(by_id[n["id"]].get("level_name", ""), 3)
        pos[n["id"]] = (x, -DOC_SPACING * 0.6 - 250.0 * (3 - level))
    return {k: (round(x, 1), round(y, 1)) for k, (x, y) in pos.items()}


#: Hierarchical level per class for the policy-chain view (national → province → city → task).
def chain_level(node: dict) -> int:
    cls = node["cls"]
    if cls == "ont:Region":
        return {"national": 0, "province": 1, "city": 2}.get(node.get("level_name", ""), 3)
    if cls == "ont:PolicyDocument":
        return {"national": 1, "province": 2, "city": 3}.get(node.get("level_name", ""), 4)
    if cls == "ont:Task":
        return 6
    return 7
