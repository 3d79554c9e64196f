"use strict";
// policy-kg explorer: a document list, document / agency / program views, targets, the
// policy chain as a tree and a graph view that grows from a selection. Every corpus
// string is inserted as text (textContent), never as markup.
(function () {
  const PAGE_ROWS = 100;     // rows drawn per table page; "show more" draws the next ones
  const HITS_PAGE = 20;      // search hits per page
  const GRAPH_CAP = 400;     // never more nodes than stay readable in the graph view

  // ---------------------------------------------------------------- data
  // The build writes one data part per corpus file (and parts for shared nodes) so that a
  // rebuild re-renders only changed files; here the parts are joined and nodes numbered.
  function assemble(raw) {
    const base = raw.base;
    const full = s => (/^[a-z][a-z0-9+.-]*:/i.test(s) ? s : base + s);
    const info = new Map();
    const rawEdges = [];
    let alignment = { columns: [], rows: [] };
    for (const part of raw.parts) {
      if (part.alignment) alignment = part.alignment;
      const t = part.t || [];  // each string once per part; nodes and edges refer to it by index
      for (const [si, ci, props, di] of part.n || []) {
        const s = t[si];
        let r = info.get(s);
        if (!r) { r = { cls: null, props: [], derived: null }; info.set(s, r); }
        if (ci !== null && !r.cls) r.cls = t[ci];
        for (const [k, v] of props) r.props.push([t[k], t[v]]);
        if (di !== null && !r.derived) r.derived = t[di];
      }
      for (const [a, b, p] of part.e || []) rawEdges.push([t[a], t[b], t[p]]);
    }
    const typed = [...info.keys()].filter(k => info.get(k).cls).sort();
    const ids = new Map(typed.map((k, i) => [k, i]));
    const degree = new Array(typed.length).fill(0);
    const kept = [];
    for (const e of rawEdges) {
      if (ids.has(e[0]) && ids.has(e[1])) { degree[ids.get(e[0])]++; degree[ids.get(e[1])]++; kept.push(e); }
    }
    const prop = (k, name) => { const r = info.get(k); const p = r && r.props.find(x => x[0] === name); return p ? p[1] : undefined; };
    const docOf = new Map();
    for (const k of typed) { const r = info.get(k); const d = r.cls === "ont:PolicyDocument" ? k : r.derived; if (d) docOf.set(k, d); }
    const regionOf = new Map();
    for (const [s, o, rel] of kept) if (rel === "ont:jurisdiction" && !regionOf.has(s)) regionOf.set(s, o);
    const nodes = typed.map((k, n) => {
      const r = info.get(k), doc = docOf.get(k);
      const label = prop(k, "rdfs:label");
      const reg = regionOf.has(k) ? regionOf.get(k) : regionOf.get(doc);
      return {
        id: n, key: k, iri: full(k), label: label !== undefined ? label : full(k).split("/").pop(), cls: r.cls, degree: degree[n],
        doc: doc !== undefined && ids.has(doc) ? ids.get(doc) : null,
        region: reg !== undefined && ids.has(reg) ? ids.get(reg) : null,
        file: prop(doc || "", "ont:sourceFile") ?? prop(k, "ont:sourceFile") ?? "",
        props: r.props,
      };
    });
    const edges = kept.map(([s, o, rel]) => ({ from: ids.get(s), to: ids.get(o), rel }));
    const alignRows = alignment.rows.map(r => {
      const o = Object.fromEntries(alignment.columns.map((c, i) => [c, r[i]]));
      o.parentId = ids.has(o.parent_target) ? ids.get(o.parent_target) : null;
      o.childId = ids.has(o.child_target) ? ids.get(o.child_target) : null;
      return o;
    });
    return { nodes, edges, classes: raw.classes, relations: raw.relations, alignRows, ids };
  }

  performance.mark("kg:start");
  const dataElement = document.getElementById("graph-data");
  const DATA = assemble(JSON.parse(dataElement.textContent));
  dataElement.textContent = "";  // the text is no longer needed: free it for the rest of the session
  performance.mark("kg:assembled");
  const N = DATA.nodes;
  const out = N.map(() => []), inn = N.map(() => []);
  for (const e of DATA.edges) { out[e.from].push(e); inn[e.to].push(e); }
  const outs = (id, rel) => out[id].filter(e => e.rel === rel).map(e => e.to);
  const ins = (id, rel) => inn[id].filter(e => e.rel === rel).map(e => e.from);
  const prop = (n, key) => { const p = n.props.find(x => x[0] === key); return p ? p[1] : ""; };
  const propsOf = (n, key) => n.props.filter(x => x[0] === key).map(x => x[1]);
  const byKey = new Map(N.map(n => [n.key, n]));
  const ofClass = cls => N.filter(n => n.cls === cls);
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const collator = new Intl.Collator("zh");
  const zh = (a, b) => collator.compare(String(a), String(b));

  // regions: parent of each region, level, and the corpus documents under each one
  const regionParent = new Map();
  for (const e of DATA.edges) if (e.rel === "ont:withinRegion" && N[e.from].cls === "ont:Region") regionParent.set(e.from, e.to);
  const LEVELS = { national: "国家 national", province: "省 province", city: "市 city", county: "县区 county" };
  const LEVEL_ORDER = { national: 0, province: 1, city: 2, county: 3 };
  const levelOf = regionId => (regionId === null || regionId === undefined ? "" : prop(N[regionId], "ont:adminLevel"));
  const regionLabel = id => (id === null || id === undefined ? "" : N[id].label);
  const withinMemo = new Map();
  const regionChain = id => {
    if (id === null || id === undefined) return [];
    if (withinMemo.has(id)) return withinMemo.get(id);
    const chain = [id]; let p = regionParent.get(id); const seen = new Set([id]);
    while (p !== undefined && !seen.has(p)) { chain.push(p); seen.add(p); p = regionParent.get(p); }
    withinMemo.set(id, chain);
    return chain;
  };
  const inRegion = (regionId, chosen) => chosen === null || regionChain(regionId).includes(chosen);

  // documents: corpus documents (read from a file) and titles that are only cited
  const tasksOf = new Map(), targetsOf = new Map();
  for (const n of N) {
    if (n.doc === null) continue;
    if (n.cls === "ont:Task") (tasksOf.get(n.doc) || tasksOf.set(n.doc, []).get(n.doc)).push(n.id);
    if (n.cls === "ont:Target") (targetsOf.get(n.doc) || targetsOf.set(n.doc, []).get(n.doc)).push(n.id);
  }
  const docs = ofClass("ont:PolicyDocument").map(n => ({
    id: n.id, title: n.label, corpus: !!prop(n, "ont:sourceFile"), region: n.region, level: levelOf(n.region),
    date: prop(n, "dcterms:issued"), number: prop(n, "ont:docNumber"), file: prop(n, "ont:sourceFile"),
    tasks: (tasksOf.get(n.id) || []).length, targets: (targetsOf.get(n.id) || []).length,
  }));
  const docById = new Map(docs.map(d => [d.id, d]));
  const corpusDocs = docs.filter(d => d.corpus).length;
  const docYear = id => { const d = docById.get(id); return d && d.date ? d.date.slice(0, 4) : ""; };

  performance.mark("kg:indexed");
  // ---------------------------------------------------------------- helpers
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = text; if (cls) e.className = cls; return e; };
  const $ = id => document.getElementById(id);
  const clsName = cls => (DATA.classes[cls] || {}).name || cls;
  const relName = rel => (DATA.relations[rel] || {}).name || rel;
  const link = (text, id, cls) => { const a = el("span", text, "link" + (cls ? " " + cls : "")); a.dataset.id = String(id); a.addEventListener("click", ev => { ev.stopPropagation(); open(id); }); return a; };
  const chips = (ids, kind) => { const span = el("span"); for (const id of ids) { const c = el("span", N[id].label, "chip" + (kind ? " " + kind : "")); c.dataset.id = String(id); c.addEventListener("click", ev => { ev.stopPropagation(); open(id); }); span.append(c); } return span; };
  const short = (s, k) => (s.length > k ? s.slice(0, k - 1) + "…" : s);
  const docTitle = id => (id === null || id === undefined ? "" : N[id].label);

  // human labels of properties (Chinese and English)
  const PROPS = {
    "rdfs:label": "名称 label", "dcterms:title": "标题 title", "dcterms:issued": "日期 issued", "ont:docNumber": "文号 number",
    "ont:sourceFile": "来源文件 source file", "ont:periodStart": "起始年 period from", "ont:periodEnd": "截止年 period to",
    "ont:isDraft": "征求意见稿 draft", "ont:documentRole": "文件角色 role", "ont:citedTitle": "引用标题 cited title",
    "ont:path": "编号 number", "ont:ordinal": "序号 ordinal", "ont:responsibleText": "责任单位原文 responsibility note",
    "ont:metric": "指标 metric", "ont:value": "数值 value", "ont:valueMax": "上限 up to", "ont:unit": "单位 unit",
    "ont:comparator": "比较 comparator", "ont:targetYear": "目标年 year", "ont:targetBasis": "口径 basis",
    "ont:quantityKind": "量纲 kind", "skos:altLabel": "别名 also called", "skos:prefLabel": "标准名 preferred name",
    "ont:agencyKind": "机构类型 kind", "ont:adminLevel": "行政级别 level", "ont:regionCode": "区划代码 code",
    "ont:rule": "规则 rule", "ont:additive": "可加总 additive",
    "ont:taskCount": "任务数 tasks", "ont:targetCount": "目标数 targets", "ont:leadAgencyCount": "牵头单位数 lead agencies",
    "ont:leadTaskCount": "牵头任务数 tasks led", "ont:supportTaskCount": "配合任务数 tasks supported",
    "ont:documentCount": "涉及文件数 documents",
  };
  const propName = k => PROPS[k] || k.replace(/^[a-z]+:/, "");

  // ---------------------------------------------------------------- state and URL
  const state = { view: "documents", node: null, region: null };
  const hash = () => {
    const p = new URLSearchParams();
    p.set("view", state.view);
    if (state.node !== null) p.set("node", N[state.node].key);
    if (state.region !== null) p.set("region", N[state.region].key);
    return "#" + p.toString();
  };
  const readHash = () => {
    const p = new URLSearchParams(location.hash.slice(1));
    const node = byKey.get(p.get("node") || ""), region = byKey.get(p.get("region") || "");
    state.view = VIEWS[p.get("view")] ? p.get("view") : "documents";
    state.node = node ? node.id : null;
    state.region = region && region.cls === "ont:Region" ? region.id : null;
  };
  const navigate = patch => {
    Object.assign(state, patch);
    const h = hash();
    if (location.hash !== h) history.pushState(null, "", h);
    render();
  };
  window.addEventListener("popstate", () => { readHash(); render(); });

  // where a node is best read: its own view, or its document's
  const homeView = n => ({ "ont:PolicyDocument": "document", "ont:Agency": "agency", "ont:Program": "program",
    "ont:IndustryCluster": "program", "ont:Region": "documents" })[n.cls] || (n.doc !== null ? "document" : "graph");
  let highlight = null;   // the task or target to mark in a document view
  function open(id) {
    const n = N[id];
    const view = homeView(n);
    highlight = view === "document" && n.cls !== "ont:PolicyDocument" ? id : null;
    if (n.cls === "ont:Region") navigate({ view: "documents", region: id, node: null });
    else navigate({ view, node: view === "document" && n.cls !== "ont:PolicyDocument" ? n.doc : id });
    showDetails(id);
  }

  // ---------------------------------------------------------------- counts and tabs
  $("counts").textContent = `${corpusDocs} documents in the corpus 语料文件 · ${docs.length - corpusDocs} titles only cited 仅被引用 · `
    + `${ofClass("ont:Task").length} tasks 任务 · ${ofClass("ont:Agency").length} agencies 机构 · ${ofClass("ont:Target").length} targets 目标`;
  const TAB_OF = { document: "documents", agency: "agencies", program: "programs" };
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => navigate({ view: b.dataset.view, node: b.dataset.view === "graph" || b.dataset.view === "chain" ? state.node : null }));

  // ---------------------------------------------------------------- tables
  // columns: {name, value(row) for sorting, cell(row) → text or Node, csv(row) → text}
  function grid(container, name, columns, rows, opts = {}) {
    let sortCol = opts.sort ?? -1, dir = opts.dir || 1, shown = 0;
    const wrap = el("div");
    wrap.dataset.name = name;
    const bar = el("div", undefined, "toolbar");
    const count = el("span", `${rows.length} rows 行`, "muted");
    const csv = el("button", "CSV 导出"); csv.type = "button"; csv.className = "csv";
    csv.addEventListener("click", () => download(`${name}.csv`, toCsv(columns, sorted())));
    bar.append(count, csv);
    const table = el("table", undefined, "grid");
    const head = el("tr");
    columns.forEach((c, i) => {
      const th = el("th", c.name);
      th.addEventListener("click", () => { dir = sortCol === i ? -dir : 1; sortCol = i; draw(); });
      head.append(th);
    });
    const thead = el("thead"); thead.append(head);
    const body = el("tbody");
    table.append(thead, body);
    const more = el("button", "", "more"); more.type = "button";
    more.addEventListener("click", () => page());
    wrap.append(bar, table, more);
    container.append(wrap);
    const sorted = () => {
      if (sortCol < 0) return rows;
      const c = columns[sortCol];
      return rows.map((r, i) => [c.value(r), i, r]).sort((x, y) => dir * (typeof x[0] === "number" && typeof y[0] === "number" ? x[0] - y[0] : zh(x[0], y[0])) || x[1] - y[1]).map(x => x[2]);
    };
    let order = [];
    function draw() {
      [...head.children].forEach((th, i) => { if (i === sortCol) th.dataset.sort = dir > 0 ? "asc" : "desc"; else delete th.dataset.sort; });
      order = sorted(); body.replaceChildren(); shown = 0; page();
    }
    function page() {
      const stop = Math.min(order.length, shown + PAGE_ROWS);
      for (; shown < stop; shown++) {
        const r = order[shown];
        if (r.chapter) { const tr = el("tr", undefined, "chapter"); const td = el("td", r.chapter); td.colSpan = columns.length; tr.append(td); body.append(tr); continue; }
        const tr = el("tr", undefined, "row");
        if (r.id !== undefined) { tr.dataset.id = String(r.id); if (hits.has(r.id)) tr.classList.add("hit"); }
        if (opts.current && opts.current(r)) tr.classList.add("current");
        for (const c of columns) {
          const v = c.cell ? c.cell(r) : c.value(r);
          const td = el("td", undefined, c.num ? "num" : "");
          if (v instanceof Node) td.append(v); else td.textContent = v === undefined || v === null ? "" : String(v);
          tr.append(td);
        }
        if (opts.onRow) tr.addEventListener("click", () => opts.onRow(r));
        body.append(tr);
      }
      more.textContent = `show ${Math.min(PAGE_ROWS, order.length - shown)} more of ${order.length - shown} 显示更多`;
      more.style.display = shown < order.length ? "" : "none";
    }
    draw();
    return { table, rows };
  }
  function toCsv(columns, rows) {
    const q = s => { s = s === undefined || s === null ? "" : String(s); return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
    const lines = [columns.map(c => q(c.name)).join(",")];
    for (const r of rows) if (!r.chapter) lines.push(columns.map(c => q(c.csv ? c.csv(r) : c.value(r))).join(","));
    return lines.join("\r\n") + "\r\n";
  }
  function download(name, text) {
    const url = URL.createObjectURL(new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" }));
    const a = el("a"); a.href = url; a.download = name; document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  const labels = ids => ids.map(i => N[i].label).join("；");
  const filterBox = (placeholder, value, onInput) => {
    const box = el("input"); box.type = "search"; box.placeholder = placeholder; box.value = value || "";
    box.addEventListener("input", () => onInput(box.value.trim()));
    return box;
  };
  const regionNote = () => (state.region === null ? "all regions 全部地区" : `${regionLabel(state.region)} and below 及下辖`);

  // ---------------------------------------------------------------- views
  const view = $("view");
  const VIEWS = {
    documents() {
      view.append(el("h3", `Documents 文件 — ${regionNote()}`));
      let text = "", cited = false;
      const bar = el("div", undefined, "toolbar");
      const box = filterBox("filter titles, numbers 筛选标题、文号", "", v => { text = v; draw(); });
      const only = el("label"); const cb = el("input"); cb.type = "checkbox"; cb.id = "show-cited";
      cb.addEventListener("change", () => { cited = cb.checked; draw(); });
      only.append(cb, " also titles only cited 含仅被引用的标题");
      bar.append(box, only);
      const holder = el("div");
      view.append(bar, holder);
      const cols = [
        { name: "title 标题", value: d => d.title, cell: d => link(d.title, d.id) },
        { name: "kind 类别", value: d => (d.corpus ? "corpus" : "cited"), cell: d => el("span", d.corpus ? "corpus 语料" : "only cited 仅被引用", "badge " + (d.corpus ? "corpus" : "cited")) },
        { name: "region 地区", value: d => regionLabel(d.region) },
        { name: "level 级别", value: d => LEVEL_ORDER[d.level] ?? 9, cell: d => LEVELS[d.level] || "", csv: d => d.level },
        { name: "date 日期", value: d => d.date },
        { name: "number 文号", value: d => d.number },
        { name: "tasks 任务", value: d => d.tasks, num: true },
        { name: "targets 目标", value: d => d.targets, num: true },
      ];
      const draw = () => {
        holder.replaceChildren();
        const rows = docs.filter(d => (cited || d.corpus) && inRegion(d.region, state.region)
          && (!text || d.title.includes(text) || d.number.includes(text)));
        grid(holder, "documents", cols, rows, { sort: 3, onRow: d => open(d.id) });
      };
      draw();
    },
    document() {
      const n = N[state.node];
      if (!n || n.cls !== "ont:PolicyDocument") return VIEWS.documents();
      const d = docById.get(n.id);
      view.append(el("h3", n.label));
      const meta = el("div", undefined, "toolbar");
      meta.append(el("span", d.corpus ? "corpus 语料" : "only cited 仅被引用", "badge " + (d.corpus ? "corpus" : "cited")));
      for (const [k, v] of [["文号", d.number], ["日期", d.date], ["地区", regionLabel(d.region)], ["文件", d.file]]) if (v) meta.append(el("span", `${k} ${v}`, "muted"));
      const issuers = outs(n.id, "ont:issuedBy");
      if (issuers.length) { meta.append(el("span", "发文 issued by", "muted"), chips(issuers)); }
      const acts = el("span", undefined, "actions");
      const chainBtn = el("button", "policy chain 政策链"); chainBtn.type = "button"; chainBtn.addEventListener("click", () => navigate({ view: "chain", node: n.id }));
      const graphBtn = el("button", "graph 图谱"); graphBtn.type = "button"; graphBtn.addEventListener("click", () => navigate({ view: "graph", node: n.id }));
      acts.append(chainBtn, graphBtn);
      meta.append(acts);
      view.append(meta);
      // what it carries out and who carries it out
      const up = [], down = [];
      for (const rel of CHAIN_RELS) {
        for (const t of outs(n.id, rel)) up.push([rel, t, null]);
        for (const s of ins(n.id, rel)) down.push([rel, N[s].cls === "ont:PolicyDocument" ? s : N[s].doc, N[s].cls === "ont:Task" ? s : null]);
        for (const task of tasksOf.get(n.id) || []) for (const t of outs(task, rel)) up.push([rel, N[t].cls === "ont:Task" ? N[t].doc : t, task]);
      }
      const wrapped = outs(n.id, "ont:wrappedIn"), wraps = ins(n.id, "ont:wrappedIn");
      if (wrapped.length || wraps.length) {
        const p = el("div", undefined, "toolbar");
        if (wrapped.length) p.append(el("span", "印发于 issued within", "muted"), chips(wrapped));
        if (wraps.length) p.append(el("span", "印发 carries", "muted"), chips(wraps));
        view.append(p);
      }
      if (up.length) {
        view.append(el("h2", "Carries out or cites 落实、依据或引用"));
        grid(view, "carries-out", [
          { name: "relation 关系", value: r => relName(r[0]) },
          { name: "document 文件", value: r => docTitle(r[1]), cell: r => (r[1] === null ? "" : link(docTitle(r[1]), r[1])) },
          { name: "region 地区", value: r => regionLabel(r[1] === null ? null : N[r[1]].region) },
          { name: "by task 由任务", value: r => (r[2] === null ? "" : N[r[2]].label), cell: r => (r[2] === null ? "" : link(N[r[2]].label, r[2])) },
        ], dedupe(up));
      }
      if (down.length) {
        view.append(el("h2", "Carried out or cited by 被落实、依据或引用"));
        grid(view, "cited-by", [
          { name: "relation 关系", value: r => relName(r[0]) },
          { name: "document 文件", value: r => docTitle(r[1]), cell: r => (r[1] === null ? "" : link(docTitle(r[1]), r[1])) },
          { name: "region 地区", value: r => regionLabel(r[1] === null ? null : N[r[1]].region) },
          { name: "level 级别", value: r => LEVELS[levelOf(r[1] === null ? null : N[r[1]].region)] || "" },
          { name: "by task 由任务", value: r => (r[2] === null ? "" : N[r[2]].label), cell: r => (r[2] === null ? "" : link(N[r[2]].label, r[2])) },
        ], dedupe(down));
      }
      // the outline: chapters and their tasks
      const tasks = (tasksOf.get(n.id) || []).map(id => N[id]);
      view.append(el("h2", `Outline 大纲 — ${tasks.length} tasks 任务`));
      if (!tasks.length) { view.append(el("p", d.corpus ? "No numbered tasks were read from this document. 未读出编号任务。" : "Not in the corpus: only its title is cited. 不在语料中，仅被引用。", "muted")); return; }
      const rows = [];
      const position = t => Number(prop(t, "ont:startOffset")) || 0;
      let chapter = null;
      for (const t of tasks.sort((a, b) => position(a) - position(b) || a.id - b.id)) {
        const path = prop(t, "ont:path"), parts = path.split("/");
        const ch = parts.length > 1 ? parts.slice(0, -1).join("/") : "";
        if (ch !== chapter) { chapter = ch; if (ch) rows.push({ chapter: ch }); }
        rows.push({ id: t.id, path, title: t.label, lead: outs(t.id, "ont:leadAgency"), support: outs(t.id, "ont:supportAgency"),
          targets: outs(t.id, "ont:hasTarget"), programs: outs(t.id, "ont:mentionsProgram").concat(outs(t.id, "ont:concernsCluster")) });
      }
      const current = highlight;
      grid(view, "outline", [
        { name: "no. 编号", value: r => r.path },
        { name: "task 任务", value: r => r.title },
        { name: "lead 牵头", value: r => labels(r.lead), cell: r => chips(r.lead, "lead") },
        { name: "support 配合", value: r => labels(r.support), cell: r => chips(r.support, "support") },
        { name: "targets 目标", value: r => labels(r.targets), cell: r => chips(r.targets) },
        { name: "programs, clusters 工程、产业", value: r => labels(r.programs), cell: r => chips(r.programs) },
      ], rows, { onRow: r => { highlight = r.id; showDetails(r.id); markCurrent(r.id); },
        current: r => r.id === current || (current !== null && r.targets.includes(current)) });
      const cur = view.querySelector("tr.current");
      if (cur) cur.scrollIntoView({ block: "center" });
    },
    agencies() { listOf(["ont:Agency"], "agencies", "Agencies 机构", [
      { name: "lead 牵头", value: a => ins(a.id, "ont:leadAgency").length, num: true },
      { name: "support 配合", value: a => ins(a.id, "ont:supportAgency").length, num: true },
    ], 2, -1); },
    agency() { entityView(["ont:Agency"], [["ont:leadAgency", "lead 牵头"], ["ont:supportAgency", "support 配合"]]); },
    programs() { listOf(["ont:Program", "ont:IndustryCluster"], "programs-clusters", "Programs and clusters 工程与产业", [
      { name: "documents 文件", value: p => docsMentioning(p.id).size, num: true },
      { name: "tasks 任务", value: p => tasksMentioning(p.id).length, num: true },
    ], 3, -1); },
    program() { entityView(["ont:Program", "ont:IndustryCluster"], [["ont:mentionsProgram", "mentions 提及"], ["ont:concernsCluster", "concerns 涉及"]]); },
    targets() {
      view.append(el("h3", `Targets 目标 — ${regionNote()}`));
      let text = "", due = "";
      const bar = el("div", undefined, "toolbar");
      const box = filterBox("filter metrics 筛选指标", "", v => { text = v; draw(); });
      const dueLabel = el("label", "due by 截至年 ≤ ");
      const dueBox = el("input"); dueBox.type = "number"; dueBox.id = "due-by"; dueBox.min = "1990"; dueBox.max = "2100";
      dueBox.addEventListener("input", () => { due = dueBox.value; draw(); });
      dueLabel.append(dueBox);
      const align = el("select"); align.id = "align-indicator"; align.style.width = "auto";
      align.append(el("option", "targets across levels 目标对齐…")); align.options[0].value = "";
      const indicators = new Map();
      for (const r of DATA.alignRows) indicators.set(r.indicator, (indicators.get(r.indicator) || 0) + 1);
      [...indicators.keys()].sort(zh).forEach(k => { const o = el("option", `${k} (${indicators.get(k)})`); o.value = k; align.append(o); });
      if (!indicators.size) { align.disabled = true; align.options[0].textContent = "(no targets to align 无可对齐目标)"; }
      align.addEventListener("change", () => { if (align.value) showAlignment(align.value); });
      bar.append(box, dueLabel, align);
      const holder = el("div");
      view.append(bar, holder);
      const all = targetRows || (targetRows = ofClass("ont:Target").map(t => ({ id: t.id, label: t.label, metric: prop(t, "ont:metric"), value: prop(t, "ont:value"),
        max: prop(t, "ont:valueMax"), unit: prop(t, "ont:unit"), comparator: prop(t, "ont:comparator"), year: prop(t, "ont:targetYear"),
        region: t.region, doc: t.doc, task: ins(t.id, "ont:hasTarget").find(s => N[s].cls === "ont:Task") ?? null })));
      const draw = () => {
        holder.replaceChildren();
        const rows = all.filter(t => inRegion(t.region, state.region) && (!text || t.metric.includes(text) || t.label.includes(text))
          && (!due || (t.year && Number(t.year) <= Number(due))));
        grid(holder, "targets", [
          { name: "metric 指标", value: t => t.metric || t.label, cell: t => link(t.metric || t.label, t.id) },
          { name: "comparator 比较", value: t => t.comparator },
          { name: "value 数值", value: t => Number(t.value), cell: t => (t.max && t.max !== t.value ? `${t.value}–${t.max}` : t.value), csv: t => t.value, num: true },
          { name: "unit 单位", value: t => t.unit },
          { name: "year 年", value: t => Number(t.year) || 0, cell: t => t.year, csv: t => t.year, num: true },
          { name: "region 地区", value: t => regionLabel(t.region) },
          { name: "document 文件", value: t => docTitle(t.doc), cell: t => (t.doc === null ? "" : link(short(docTitle(t.doc), 30), t.doc)) },
          { name: "task 任务", value: t => (t.task === null ? "" : N[t.task].label), cell: t => (t.task === null ? "" : link(short(N[t.task].label, 30), t.task)) },
        ], rows, { sort: 4, onRow: t => showDetails(t.id) });
      };
      draw();
    },
    chain() { chainView(); },
    graph() { graphView(); },
  };
  let targetRows = null;  // made once, on the first visit to the targets view
  const dedupe = rows => { const seen = new Set(); return rows.filter(r => { const k = r.join(" "); if (seen.has(k) || r[1] === null) return false; seen.add(k); return true; }); };
  const markCurrent = id => { for (const tr of view.querySelectorAll("tr.current")) tr.classList.remove("current"); const tr = view.querySelector(`tr[data-id="${id}"]`); if (tr) tr.classList.add("current"); };

  const MENTION_RELS = ["ont:mentionsProgram", "ont:concernsCluster", "ont:leadAgency", "ont:supportAgency"];
  const tasksMentioning = id => MENTION_RELS.flatMap(rel => ins(id, rel)).filter(s => N[s].cls === "ont:Task");
  const docsMentioning = id => new Set(MENTION_RELS.flatMap(rel => ins(id, rel)).map(s => (N[s].cls === "ont:PolicyDocument" ? s : N[s].doc)).filter(x => x !== null));

  // a list of agencies, or of programs and clusters, with counts, filtered by region
  function listOf(classes, name, title, extra, sort, dir) {
    view.append(el("h3", `${title} — ${regionNote()}`));
    let text = "";
    const holder = el("div");
    view.append(filterBox("filter names 筛选名称", "", v => { text = v; draw(); }), holder);
    const rows = N.filter(n => classes.includes(n.cls)).map(n => ({ id: n.id, label: n.label, cls: n.cls, region: n.region,
      alt: propsOf(n, "skos:altLabel").join("；") }));
    const draw = () => {
      holder.replaceChildren();
      const shown = rows.filter(r => (state.region === null || [...docsMentioning(r.id)].some(d => inRegion(N[d].region, state.region)) || inRegion(r.region, state.region))
        && (!text || r.label.includes(text) || r.alt.includes(text)));
      grid(holder, name, [
        { name: "name 名称", value: r => r.label, cell: r => link(r.label, r.id) },
        ...(classes.length > 1 ? [{ name: "kind 类别", value: r => clsName(r.cls) }] : [{ name: "region 地区", value: r => regionLabel(r.region) }]),
        ...extra,
      ], shown, { sort, dir, onRow: r => open(r.id) });
    };
    draw();
  }

  // one agency, program or cluster: every task naming it, across documents
  function entityView(classes, roles) {
    const n = N[state.node];
    if (!n || !classes.includes(n.cls)) return VIEWS[classes[0] === "ont:Agency" ? "agencies" : "programs"]();
    view.append(el("h3", n.label));
    const meta = el("div", undefined, "toolbar");
    meta.append(el("span", clsName(n.cls), "badge"));
    if (n.region !== null) meta.append(el("span", `地区 ${regionLabel(n.region)}`, "muted"));
    const alt = propsOf(n, "skos:altLabel");
    if (alt.length) meta.append(el("span", `别名 ${alt.join("、")}`, "muted"));
    const graphBtn = el("button", "graph 图谱"); graphBtn.type = "button"; graphBtn.addEventListener("click", () => navigate({ view: "graph", node: n.id }));
    meta.append(graphBtn);
    view.append(meta);
    const rows = [];
    for (const [rel, role] of roles) {
      for (const s of ins(n.id, rel)) {
        const src = N[s];
        const doc = src.cls === "ont:PolicyDocument" ? s : src.doc;
        if (doc !== null && !inRegion(N[doc].region, state.region)) continue;
        rows.push({ id: s, role, task: src.cls === "ont:Task" ? src.label : "(whole document 全文)", path: prop(src, "ont:path"), doc,
          region: doc === null ? null : N[doc].region, year: doc === null ? "" : docYear(doc),
          co: src.cls === "ont:Task" ? outs(s, "ont:leadAgency").concat(outs(s, "ont:supportAgency")).filter(a => a !== n.id) : [] });
      }
    }
    view.append(el("h2", `${rows.length} mentions 条 — ${regionNote()}`));
    grid(view, "tasks-of-" + n.label, [
      { name: "role 角色", value: r => r.role },
      { name: "task 任务", value: r => r.task, cell: r => link(r.task, r.id) },
      { name: "no. 编号", value: r => r.path },
      { name: "document 文件", value: r => docTitle(r.doc), cell: r => (r.doc === null ? "" : link(short(docTitle(r.doc), 36), r.doc)) },
      { name: "region 地区", value: r => regionLabel(r.region) },
      { name: "year 年", value: r => r.year },
      { name: "with 共同单位", value: r => labels(r.co), cell: r => chips(r.co) },
    ], rows, { sort: 0, onRow: r => showDetails(r.id) });
  }

  // ---------------------------------------------------------------- policy chain
  const CHAIN_RELS = ["ont:implements", "ont:basedOn", "ont:inferredImplements", "ont:cites"];
  const docOfAny = id => (N[id].cls === "ont:PolicyDocument" ? id : N[id].doc);
  // documents a document carries out (through itself or its tasks), and the reverse
  const upLinks = new Map(), downLinks = new Map();
  for (const e of DATA.edges) {
    if (!CHAIN_RELS.includes(e.rel)) continue;
    const a = docOfAny(e.from), b = docOfAny(e.to);
    if (a === null || b === null || a === b) continue;
    (upLinks.get(a) || upLinks.set(a, []).get(a)).push({ to: b, rel: e.rel, task: N[e.from].cls === "ont:Task" ? e.from : null });
    (downLinks.get(b) || downLinks.set(b, []).get(b)).push({ from: a, rel: e.rel, task: N[e.from].cls === "ont:Task" ? e.from : null });
  }
  const STRENGTH = { "ont:implements": 0, "ont:basedOn": 1, "ont:inferredImplements": 2, "ont:cites": 3 };
  function chainView() {
    const chosen = state.node !== null && N[state.node].cls === "ont:PolicyDocument" ? state.node : null;
    const bar = el("div", undefined, "toolbar");
    const sel = el("select"); sel.id = "chain-doc"; sel.style.width = "520px";  // a fixed width: no measuring of every option
    sel.append(el("option", "(documents of the chosen region 所选地区的文件)")); sel.options[0].value = "";
    for (const d of docs.filter(x => x.corpus || downLinks.has(x.id)).sort((x, y) => (LEVEL_ORDER[x.level] ?? 9) - (LEVEL_ORDER[y.level] ?? 9) || zh(x.title, y.title))) {
      const o = el("option", `${regionLabel(d.region)} · ${d.title}`); o.value = N[d.id].key; if (d.id === chosen) o.selected = true; sel.append(o);
    }
    sel.addEventListener("change", () => navigate({ view: "chain", node: sel.value ? byKey.get(sel.value).id : null }));
    const withCites = el("label"); const cb = el("input"); cb.type = "checkbox"; cb.id = "chain-cites"; cb.checked = chainCites;
    cb.addEventListener("change", () => { chainCites = cb.checked; render(); });
    withCites.append(cb, " with plain citations 含一般引用");
    bar.append(sel, withCites);
    view.append(el("h3", "Policy chain 政策链: national → province → city → document → task"), bar);
    const rels = new Set(CHAIN_RELS.filter(r => chainCites || r !== "ont:cites"));
    // the documents touched: the chosen one (or those of the region) with everything above and below
    const seeds = chosen !== null ? [chosen] : docs.filter(d => d.corpus && inRegion(d.region, state.region)).map(d => d.id);
    const touched = new Set(seeds);
    const walk = (start, links, next) => { const stack = [...start]; while (stack.length) { const d = stack.pop(); for (const l of links.get(d) || []) { if (!rels.has(l.rel)) continue; const o = next(l); if (!touched.has(o)) { touched.add(o); stack.push(o); } } } };
    walk(seeds, upLinks, l => l.to);
    if (chosen !== null) walk(seeds, downLinks, l => l.from);
    const children = d => {
      const by = new Map();
      for (const l of downLinks.get(d) || []) {
        if (!rels.has(l.rel) || !touched.has(l.from)) continue;
        const r = by.get(l.from) || by.set(l.from, { rel: l.rel, tasks: new Map() }).get(l.from);
        if (STRENGTH[l.rel] < STRENGTH[r.rel]) r.rel = l.rel;
        if (l.task !== null && (!r.tasks.has(l.task) || STRENGTH[l.rel] < STRENGTH[r.tasks.get(l.task)])) r.tasks.set(l.task, l.rel);
      }
      return [...by.entries()].sort((x, y) => (LEVEL_ORDER[levelOf(N[x[0]].region)] ?? 9) - (LEVEL_ORDER[levelOf(N[y[0]].region)] ?? 9) || zh(regionLabel(N[x[0]].region), regionLabel(N[y[0]].region)) || zh(N[x[0]].label, N[y[0]].label));
    };
    const roots = [...touched].filter(d => !(upLinks.get(d) || []).some(l => rels.has(l.rel) && touched.has(l.to) && l.to !== d))
      .sort((x, y) => (LEVEL_ORDER[levelOf(N[x].region)] ?? 9) - (LEVEL_ORDER[levelOf(N[y].region)] ?? 9) || zh(N[x].label, N[y].label));
    if (!seeds.length) { view.append(el("p", "No corpus document in this region. 该地区没有语料文件。", "muted")); return; }
    const list = el("ul", undefined, "chain");
    const drawn = new Set();
    // children are drawn when their branch opens: the chosen document's chains open whole,
    // a region's open one level (a large corpus would otherwise draw thousands of rows)
    const eager = chosen !== null;
    const item = (d, rel, tasks, depth) => {
      const li = el("li");
      const line = el("span");
      if (rel) line.append(el("span", relName(rel), "rel " + rel.slice(4)));
      const level = levelOf(N[d].region);
      line.append(el("span", LEVELS[level] || "—", "badge"), el("span", regionLabel(N[d].region) + " · ", "muted"), link(N[d].label, d, d === chosen ? "chosen" : ""));
      if (!docById.get(d).corpus) line.append(el("span", "only cited 仅被引用", "badge cited"));
      const kids = drawn.has(d) ? [] : children(d);
      drawn.add(d);
      if (!kids.length && !tasks.size) { li.append(line); return li; }
      const det = el("details");
      const sum = el("summary"); sum.append(line); det.append(sum);
      const fill = () => {
        const ul = el("ul");
        for (const [t, r] of tasks) {
          const tl = el("li");
          tl.append(el("span", relName(r), "rel " + r.slice(4)), el("span", "任务 task " + prop(N[t], "ont:path") + " ", "muted"), link(N[t].label, t));
          ul.append(tl);
        }
        for (const [k, r] of kids) ul.append(item(k, r.rel, r.tasks, depth + 1));
        det.append(ul);
      };
      if (eager || (depth < 1 && roots.length <= 20)) { det.open = true; fill(); }
      else det.addEventListener("toggle", () => { if (det.open && !det.dataset.filled) { det.dataset.filled = "1"; fill(); } });
      li.append(det);
      return li;
    };
    const CHAIN_ROOTS = 100;  // a region of a large corpus: the first chains, and how many more
    for (const r of roots.slice(0, CHAIN_ROOTS)) list.append(item(r, null, new Map(), 0));
    view.append(list);
    if (roots.length > CHAIN_ROOTS) view.append(el("p", `${roots.length - CHAIN_ROOTS} more chains: choose a region or a document 其余请选择地区或文件`, "muted"));
  }
  let chainCites = false;

  // ---------------------------------------------------------------- graph view
  // grows from a selection: the chosen node and its neighbours, more on double-click;
  // without a selection a small corpus is drawn whole and a large one as its regions
  let network = null, gNodes = null, gEdges = null, shownIds = new Set();
  const hiddenClasses = new Set();
  const visNode = n => {
    const c = DATA.classes[n.cls] || { color: "#999", shape: "dot" };
    const dim = state.node !== null && n.id !== state.node && !neighbourSet.has(n.id);
    const label = n.cls === "ont:Region" && regionDocs.has(n.id) ? `${n.label} (${regionDocs.get(n.id)})` : short(n.label, 22);
    return { id: n.id, label, shape: c.shape, color: hits.has(n.id) ? { background: "#ffe066", border: "#c9a000" } : c.color,
      opacity: dim ? 0.25 : 1, font: { size: n.cls === "ont:PolicyDocument" ? 16 : 13, color: "#222" }, title: n.label };
  };
  let neighbourSet = new Set();
  const regionDocs = new Map();  // corpus documents under each region, shown on region nodes
  for (const d of docs) if (d.corpus && d.region !== null) for (const r of regionChain(d.region)) regionDocs.set(r, (regionDocs.get(r) || 0) + 1);
  const neighbours = id => { const s = new Set(); for (const e of out[id]) s.add(e.to); for (const e of inn[id]) s.add(e.from); return s; };
  // vis-network is compiled only when the graph view first opens: the other views do not
  // need it, and parsing it delays every first view (it is inert text until then)
  function loadVis() {
    if (typeof vis !== "undefined") return;
    const script = document.createElement("script");
    script.textContent = $("vis-network-src").textContent;
    document.head.append(script);
  }
  function graphView() {
    $("graph-view").classList.add("active");
    view.style.display = "none";
    loadVis();
    if (!network) {
      gNodes = new vis.DataSet(); gEdges = new vis.DataSet();
      network = new vis.Network($("network"), { nodes: gNodes, edges: gEdges }, {
        physics: { enabled: true, solver: "forceAtlas2Based", stabilization: { iterations: 150, fit: true, updateInterval: 5 },
          forceAtlas2Based: { gravitationalConstant: -70, springLength: 90, avoidOverlap: 0.5 } },
        layout: { improvedLayout: false, randomSeed: 7 }, interaction: { hover: true, tooltipDelay: 200 }, edges: { smooth: false },
      });
      network.on("stabilizationIterationsDone", () => { network.setOptions({ physics: { enabled: $("physics").checked } }); fitReadable(); window.policyKg.settled = true; });
      network.on("click", p => { if (p.nodes.length) { const id = p.nodes[0]; state.node = id; history.replaceState(null, "", hash()); dim(); showDetails(id); } });
      network.on("doubleClick", p => { if (p.nodes.length) expand(p.nodes[0]); });
      Object.assign(window.policyKg, { network, nodesView: gNodes, edgesView: gEdges, expand: id => expand(id) });
    }
    start();
    if (state.node !== null) showDetails(state.node);
  }
  function start() {
    shownIds = new Set();
    if (state.node !== null) expand(state.node, true);
    else if (N.length <= GRAPH_CAP) { N.forEach(n => shownIds.add(n.id)); draw(); }
    else if (state.region !== null) { for (const d of docs) if (d.corpus && inRegion(d.region, state.region) && shownIds.size < GRAPH_CAP) shownIds.add(d.id); shownIds.add(state.region); draw(); }
    else {
      const top = ofClass("ont:Region").filter(n => regionDocs.has(n.id) && (LEVEL_ORDER[levelOf(n.id)] ?? 9) <= 1);
      for (const n of top.slice(0, GRAPH_CAP)) shownIds.add(n.id);
      draw(`${corpusDocs} documents shown as their provinces 按省汇总 — double-click one to open its cities and documents 双击展开`);
    }
  }
  function expand(id, reset) {
    const depth = Math.max(1, Math.min(3, Number($("focus-depth").value) || 1));
    let frontier = [id]; shownIds.add(id);
    let note = "";
    for (let d = 0; d < depth && frontier.length; d++) {
      const next = [];
      for (const f of frontier) {
        const nb = N[f].cls === "ont:Region" ? docs.filter(x => x.region === f && x.corpus).map(x => x.id).concat([...neighbours(f)]) : [...neighbours(f)];
        for (const o of nb) {
          if (shownIds.has(o)) continue;
          if (shownIds.size >= GRAPH_CAP) { note = `showing ${GRAPH_CAP} nodes; more neighbours left out 已达上限`; break; }
          shownIds.add(o); next.push(o);
        }
      }
      frontier = next;
    }
    if (!reset) state.node = id;
    draw(note);
  }
  // nodes are added a few dozen at a time (vis measures each label: ~1.5 ms a node), so
  // drawing a neighbourhood never blocks the page; a newer drawing cancels an older one
  let drawToken = 0;
  function draw(note) {
    neighbourSet = state.node !== null ? neighbours(state.node) : new Set();
    const visible = [...shownIds].filter(i => !hiddenClasses.has(N[i].cls) || i === state.node);
    const vs = new Set(visible);
    const es = [];
    for (const i of visible) for (const e of out[i]) if (vs.has(e.to)) {
      const r = DATA.relations[e.rel] || { color: "#ccc" };
      es.push({ from: e.from, to: e.to, color: { color: r.color }, arrows: "to", width: 1.3, title: relName(e.rel) });
    }
    $("status").textContent = `${visible.length} of ${N.length} nodes 节点, ${es.length} edges 边` + (note ? ` · ${note}` : "") + " · double-click a node to expand 双击展开";
    const token = ++drawToken;
    window.policyKg.settled = false;
    network.setOptions({ physics: { enabled: false } });
    gNodes.clear(); gEdges.clear();
    const CHUNK = 40;
    let k = 0;
    const step = () => {
      if (token !== drawToken) return;
      if (k < visible.length) { gNodes.add(visible.slice(k, k + CHUNK).map(i => visNode(N[i]))); k += CHUNK; setTimeout(step, 0); return; }
      gEdges.add(es);
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(150);
    };
    step();
  }
  function dim() { neighbourSet = state.node !== null ? neighbours(state.node) : new Set(); gNodes.update(gNodes.getIds().map(i => visNode(N[i]))); }
  function fitReadable() {
    network.fit({ animation: false });
    if (network.getScale() < 0.55) {
      const focus = state.node !== null && gNodes.get(state.node) ? state.node : null;
      if (focus !== null) network.focus(focus, { scale: 0.7, animation: false }); else network.moveTo({ scale: 0.55 });
    }
    window.policyKg.ready = true;
  }
  // class filters and edge legend
  for (const [cls, c] of Object.entries(DATA.classes)) {
    const count = ofClass(cls).length;
    if (!count) continue;
    const row = el("label", undefined, "legend-item");
    const box = el("input"); box.type = "checkbox"; box.checked = true; box.dataset.cls = cls;
    box.addEventListener("change", () => { box.checked ? hiddenClasses.delete(cls) : hiddenClasses.add(cls); if (network) draw(); });
    const sw = el("span", undefined, "swatch"); sw.style.background = c.color;
    row.append(box, sw, el("span", `${c.name} (${count})`));
    $("class-filters").append(row);
  }
  const usedRels = new Set(DATA.edges.map(e => e.rel));
  for (const [rel, r] of Object.entries(DATA.relations)) {
    if (!usedRels.has(rel)) continue;
    const row = el("span", undefined, "legend-item");
    const sw = el("span", undefined, "edge-swatch"); sw.style.background = r.color;
    row.append(sw, el("span", r.name));
    $("edge-legend").append(row);
  }
  $("reset-btn").addEventListener("click", () => { hiddenClasses.clear(); $("class-filters").querySelectorAll("input").forEach(b => { b.checked = true; }); state.node = null; history.replaceState(null, "", hash()); start(); });
  $("physics").addEventListener("change", () => network && network.setOptions({ physics: { enabled: $("physics").checked } }));

  // ---------------------------------------------------------------- details panel
  const panel = $("panel");
  function showDetails(id) {
    const n = N[id];
    panel.replaceChildren();
    panel.append(el("h1", n.label));
    panel.append(el("div", clsName(n.cls), "badge"));
    if (n.file) panel.append(el("div", `来源文件 source file: ${n.file}`, "muted"));
    if (n.cls !== "ont:PolicyDocument" && n.doc !== null) { const p = el("div", "文件 document: ", "muted"); p.append(link(N[n.doc].label, n.doc)); panel.append(p); }
    const acts = el("div", undefined, "actions");
    const home = homeView(n);
    if (home !== "graph" && home !== "documents") { const b = el("button", "open 打开"); b.type = "button"; b.addEventListener("click", () => open(id)); acts.append(b); }
    const g = el("button", "graph 图谱"); g.type = "button"; g.addEventListener("click", () => navigate({ view: "graph", node: id })); acts.append(g);
    panel.append(acts);
    const table = el("table");
    const evidence = [];
    let start = "", end = "";
    for (const [k, v] of n.props) {
      if (k === "ont:evidence") { evidence.push(v); continue; }
      if (k === "ont:startOffset") { start = v; continue; }
      if (k === "ont:endOffset") { end = v; continue; }
      const tr = el("tr"); tr.append(el("td", propName(k), "key"), el("td", v)); table.append(tr);
    }
    if (start || end) { const tr = el("tr"); tr.append(el("td", "起止位置 position", "key"), el("td", `${start}–${end}`)); table.append(tr); }
    panel.append(el("h2", "Properties 属性"), table);
    const links = el("table");
    const rows = out[id].map(e => [e, e.to, true]).concat(inn[id].map(e => [e, e.from, false]));
    for (const [e, other, fwd] of rows.slice(0, 300)) {
      const tr = el("tr");
      const td = el("td"); td.append(link(N[other].label, other));
      tr.append(el("td", fwd ? relName(e.rel) + " →" : "← " + relName(e.rel), "key"), td);
      links.append(tr);
    }
    panel.append(el("h2", `Links 关系 (${rows.length})`), links);
    if (rows.length > 300) panel.append(el("div", `${rows.length - 300} more links: open the agency, program or document view 其余见列表视图`, "muted"));
    if (evidence.length) { panel.append(el("h2", "Evidence 证据")); evidence.forEach(v => panel.append(el("div", v, "evidence"))); }
    window.policyKg.selected = id;
  }

  // targets across levels: for one indicator, each region's target beside its cities' and
  // counties' (grouped by year, basis and parent region), with shares and flags
  const FLAG_NAMES = {
    "below-share": "below share 低于均分", "at-share": "at share 约为均分", "above-share": "above share 高于均分",
    "exceeds-parent": "exceeds parent 超过上级总量", "less-ambitious": "less ambitious 低于上级",
    "same-as-parent": "same 与上级相同", "more-ambitious": "more ambitious 高于上级",
  };
  const fmt = x => (x === null || x === undefined ? "" : String(Math.round(x * 1e4) / 1e4));
  const pct = x => (x === null || x === undefined ? "" : (x * 100).toFixed(1) + "%");
  const nodeLink = (text, id) => (id === null ? el("span", text) : (() => { const a = el("span", text, "link"); a.addEventListener("click", () => showDetails(id)); return a; })());
  function showAlignment(name) {
    panel.replaceChildren();
    panel.append(el("h1", name), el("div", "Targets across levels 目标对齐", "badge"));
    const groups = new Map();
    for (const r of DATA.alignRows.filter(x => x.indicator === name)) {
      const key = `${r.year ?? ""}\u0001${r.basis}\u0001${r.parent_region}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(r);
    }
    for (const rows of groups.values()) {
      const p = rows[0];
      const head = el("h2");
      head.append(nodeLink(`${p.parent_region} ${p.year ?? ""} ${p.basis === "flow" ? "新增" : ""}: ${fmt(p.parent_value)} ${p.unit}`, p.parentId));
      panel.append(head);
      const table = el("table", undefined, "align");
      const hr = el("tr");
      ["region 地区", "target 目标", "share 占比", "equal 均分", "flag 判断"].forEach(h => hr.append(el("th", h)));
      table.append(hr);
      for (const r of rows) {
        const tr = el("tr");
        const nm = el("td"); nm.append(nodeLink(r.child_region, r.childId));
        const flag = el("td"); flag.append(el("span", FLAG_NAMES[r.flag] || r.flag, `flag flag-${r.flag}`), el("div", r.reason, "reason"));
        tr.append(nm, el("td", `${fmt(r.child_value)} ${p.unit}`, "num"), el("td", pct(r.share), "num"), el("td", pct(r.equal_share), "num"), flag);
        table.append(tr);
      }
      if (p.children_sum !== null && p.children_sum !== undefined) {
        const tr = el("tr");
        tr.append(el("td", `sum 合计 (${rows.length})`), el("td", `${fmt(p.children_sum)} ${p.unit}`, "num"), el("td", pct(p.children_sum / p.parent_value), "num"), el("td"), el("td"));
        table.append(tr);
      }
      panel.append(table);
    }
  }

  // ---------------------------------------------------------------- search
  // every hit reachable (pages of 20), each with its class, document and region; the hits
  // are marked in the current view; arrow keys and Enter choose
  const searchText = n => [n.label, ...n.props.filter(p => p[0] === "skos:altLabel" || p[0] === "ont:docNumber").map(p => p[1])].join("\u0001");
  let searchIndex = null;
  let hits = new Set(), hitList = [], hitShown = 0, active = -1;
  const results = $("results"), search = $("search");
  const CLASS_ORDER = { "ont:PolicyDocument": 0, "ont:Agency": 1, "ont:Program": 2, "ont:IndustryCluster": 3, "ont:Region": 4, "ont:Task": 5, "ont:Target": 6, "ont:Incentive": 7 };
  function runSearch(q) {
    searchIndex = searchIndex || N.map(n => searchText(n));
    results.replaceChildren(); hitList = []; hitShown = 0; active = -1;
    if (!q) { hits = new Set(); $("hit-count").textContent = ""; markHits(); return; }
    for (let i = 0; i < N.length; i++) if (searchIndex[i].includes(q)) hitList.push(i);
    const rank = i => (N[i].label === q ? 0 : N[i].label.startsWith(q) ? 1 : 2);
    hitList.sort((a, b) => rank(a) - rank(b) || (CLASS_ORDER[N[a].cls] ?? 9) - (CLASS_ORDER[N[b].cls] ?? 9) || N[a].label.length - N[b].label.length || a - b);
    hits = new Set(hitList);
    $("hit-count").textContent = `${hitList.length} hits 个结果`;
    moreHits(q);
    markHits();
    if (hitList.length === 1) open(hitList[0]);
  }
  // hits marked in the current view: table rows and graph nodes
  function markHits() {
    for (const tr of view.querySelectorAll("tr[data-id]")) tr.classList.toggle("hit", hits.has(Number(tr.dataset.id)));
    if (network && state.view === "graph") gNodes.update(gNodes.getIds().map(i => visNode(N[i])));
  }
  function moreHits(q) {
    const old = results.querySelector(".more"); if (old) old.remove();
    const stop = Math.min(hitList.length, hitShown + HITS_PAGE);
    for (; hitShown < stop; hitShown++) {
      const id = hitList[hitShown], n = N[id];
      const row = el("div", undefined, "hit-row"); row.dataset.id = String(id); row.setAttribute("role", "option");
      const title = el("div");
      title.append(el("span", clsName(n.cls).split(" ")[0], "badge"));
      const at = n.label.indexOf(q);
      if (at >= 0) { title.append(n.label.slice(0, at)); title.append(el("mark", q)); title.append(n.label.slice(at + q.length)); } else title.append(n.label);
      const ctx = [n.cls !== "ont:PolicyDocument" && n.doc !== null ? short(N[n.doc].label, 28) : "", regionLabel(n.region)].filter(Boolean).join(" · ");
      row.append(title);
      if (ctx) row.append(el("div", ctx, "ctx"));
      row.addEventListener("click", () => open(id));
      results.append(row);
    }
    if (hitShown < hitList.length) {
      const b = el("button", `${hitList.length - hitShown} more 更多`, "more"); b.type = "button";
      b.addEventListener("click", () => moreHits(q));
      results.append(b);
    }
  }
  let pending = null;  // on large corpora a search waits for a pause in typing
  search.addEventListener("input", () => {
    clearTimeout(pending);
    if (N.length > 20000) pending = setTimeout(() => runSearch(search.value.trim()), 150); else runSearch(search.value.trim());
  });
  search.addEventListener("keydown", ev => {
    const rows = [...results.querySelectorAll(".hit-row")];
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!rows.length) return;
      active = Math.max(0, Math.min(rows.length - 1, active + (ev.key === "ArrowDown" ? 1 : -1)));
      if (ev.key === "ArrowDown" && active === rows.length - 1 && hitShown < hitList.length) moreHits(search.value.trim());
      rows.forEach((r, i) => r.classList.toggle("active", i === active));
      rows[active].scrollIntoView({ block: "nearest" });
    } else if (ev.key === "Enter") {
      const r = rows[active >= 0 ? active : 0];
      if (r) open(Number(r.dataset.id));
    }
  });

  // ---------------------------------------------------------------- region tree
  let treeBuilt = false;
  function regionTree() {
    if (treeBuilt) {  // built once; a render only moves the selection
      for (const r of $("region-tree").querySelectorAll(".region")) r.classList.toggle("selected", r.dataset.id === (state.region === null ? "" : String(state.region)));
      return;
    }
    treeBuilt = true;
    const count = new Map();
    for (const d of docs) if (d.corpus && d.region !== null) for (const r of regionChain(d.region)) count.set(r, (count.get(r) || 0) + 1);
    const kids = new Map();
    for (const r of count.keys()) { const p = regionParent.get(r); const k = p !== undefined && count.has(p) ? p : -1; (kids.get(k) || kids.set(k, []).get(k)).push(r); }
    const tree = $("region-tree");
    tree.replaceChildren();
    const all = el("div", "全部地区 all regions", "region" + (state.region === null ? " selected" : ""));
    all.dataset.id = "";
    all.addEventListener("click", () => navigate({ region: null }));
    tree.append(all);
    const build = parent => {
      const ul = el("ul");
      for (const r of (kids.get(parent) || []).sort((a, b) => (LEVEL_ORDER[levelOf(a)] ?? 9) - (LEVEL_ORDER[levelOf(b)] ?? 9) || zh(N[a].label, N[b].label))) {
        const li = el("li");
        const name = el("span", `${N[r].label} (${count.get(r)})`, "region" + (state.region === r ? " selected" : ""));
        name.dataset.id = String(r);
        name.addEventListener("click", () => navigate({ region: state.region === r ? null : r }));
        name.title = `${N[r].label}: ${count.get(r)} corpus documents 语料文件`;
        li.append(name);
        if (kids.has(r)) li.append(build(r));
        ul.append(li);
      }
      return ul;
    };
    tree.append(build(-1));
  }

  // ---------------------------------------------------------------- render
  function render(keepScroll) {
    const top = view.scrollTop;
    for (const b of document.querySelectorAll("#tabs button")) b.setAttribute("aria-selected", String(b.dataset.view === (TAB_OF[state.view] || state.view)));
    regionTree();
    if (state.view === "graph") { graphView(); return; }
    $("graph-view").classList.remove("active");
    view.style.display = "";
    view.replaceChildren();
    (VIEWS[state.view] || VIEWS.documents)();
    if (keepScroll === true) view.scrollTop = top;
    window.policyKg.view = state.view;
  }

  window.policyKg = { data: DATA, ready: false, open, showDetails, showAlignment, state, network: null };
  readHash();
  if (!location.hash) history.replaceState(null, "", hash());
  render();
  if (state.node !== null && state.view !== "graph") showDetails(state.node);
  performance.mark("kg:rendered");
  window.policyKg.ready = true;
  document.body.dataset.ready = "1";
  // compile vis-network once the page is idle, so that opening the graph view is quick
  if ("requestIdleCallback" in window) requestIdleCallback(loadVis, { timeout: 5000 });
})();
