/// The one stylesheet. Phone first (360 px and up): every control a finger
/// taps is at least 44 px high, lists are a line or two a row, nothing
/// scrolls sideways; wider screens get tables and more room; print gives the
/// paper forms on A4.
enum Stylesheet {
    static let css = """
    :root { --ink:#1d2430; --muted:#5b6676; --line:#d9dee5; --bg:#f5f7fa; --card:#fff; --accent:#0b63bd; --warn:#b54708; --bad:#b42318; --ok:#067647; --tap:44px; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust:100%; }
    body { margin:0; font: 16px/1.5 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif; color:var(--ink); background:var(--bg); overflow-wrap:anywhere; }
    a { color:var(--accent); }
    .visually-hidden { position:absolute !important; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
    .skip { position:absolute; left:.5rem; top:-3rem; background:#fff; color:var(--ink); padding:.6rem 1rem; z-index:10; border-radius:6px; }
    .skip:focus { top:.5rem; }
    :focus-visible { outline:3px solid #f5a524; outline-offset:2px; }

    /* Header: one bar, then the navigation as one row that scrolls sideways on a phone. */
    header.top { background:#12355b; color:#fff; }
    header.top a, header.top button.link { color:#fff; text-decoration:none; }
    header.top .bar { display:flex; align-items:center; gap:.25rem .6rem; padding:0 .75rem; min-height:var(--tap); }
    header.top .brand { font-weight:700; font-size:1.1rem; display:inline-flex; align-items:center; min-height:var(--tap); }
    header.top .spacer { flex:1; }
    header.top .lang, header.top .property { display:inline-flex; align-items:center; min-height:var(--tap); padding:0 .25rem; }
    header.top select { font-size:.95rem; max-width:9rem; min-height:36px; width:auto; padding:.2rem .4rem; }
    button.link { background:none; border:0; padding:0 .25rem; font:inherit; cursor:pointer; min-height:var(--tap); }
    header.top nav { display:flex; gap:0 .15rem; overflow-x:auto; padding:0 .5rem; scrollbar-width:none; border-top:1px solid rgba(255,255,255,.15); }
    header.top nav::-webkit-scrollbar { display:none; }
    header.top nav a { display:inline-flex; align-items:center; gap:.3rem; min-height:var(--tap); padding:0 .55rem; white-space:nowrap; border-bottom:3px solid transparent; }
    header.top nav a[aria-current] { border-bottom-color:#fff; font-weight:600; }
    .count { background:#f04438; color:#fff; border-radius:999px; font-size:.75rem; line-height:1.2rem; min-width:1.2rem; text-align:center; padding:0 .3rem; font-weight:600; }
    .nojs { display:none; }

    main { max-width:60rem; margin:0 auto; padding:.75rem .75rem 3rem; }
    main.wide { max-width:80rem; }
    main:focus { outline:none; }
    h1 { font-size:1.25rem; margin:.1rem 0 .5rem; }
    h2 { font-size:1.1rem; margin:1.25rem 0 .5rem; }
    h3 { font-size:1rem; margin:1rem 0 .4rem; }
    img.thumb { max-width:6rem; max-height:4.5rem; border-radius:4px; border:1px solid var(--line); display:block; }
    fieldset.choices.row { display:flex; flex-wrap:wrap; gap:0 1rem; } fieldset.choices.row > legend, fieldset.choices.row > input, fieldset.choices.row > p { flex:1 0 100%; }
    .muted { color:var(--muted); }
    .empty-state { color:var(--muted); background:var(--card); border:1px dashed var(--line); border-radius:8px; padding:1rem; }
    .flash { padding:.6rem .8rem; border-radius:6px; background:#ecfdf3; border:1px solid #abefc6; }
    .flash.error, .error-box { background:#fef3f2; border:1px solid #fecdca; color:var(--bad); padding:.6rem .8rem; border-radius:6px; }
    .error-box ul { margin:.25rem 0 0; padding-left:1.2rem; }
    .error-box a { color:var(--bad); display:inline-block; min-height:var(--tap); line-height:var(--tap); }
    .basis { color:var(--muted); font-size:.8rem; font-weight:400; }
    .card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:.75rem; margin:0 0 1rem; }
    .card.narrow { max-width:24rem; margin:2rem auto; }
    .card > h2:first-child, .card > h3:first-child { margin-top:0; }
    .overdue, .late .holder { color:var(--bad); font-weight:600; }
    .waiting { color:var(--warn); }
    /* A duty's occurrences (X-2): one small mark each. */
    .occ { display:inline-block; margin:0 .3rem .25rem 0; padding:0 .4rem; border-radius:4px; font-size:.85rem; border:1px solid currentColor; white-space:nowrap; }
    .occ-done { color:var(--ok); } .occ-late { color:var(--warn); } .occ-missed { color:var(--bad); font-weight:600; } .occ-open { color:var(--accent); } .occ-upcoming { color:var(--muted); }
    .figures .occ { font-size:.95rem; }
    form.inline { display:flex; flex-wrap:wrap; gap:.4rem; align-items:flex-end; margin:.3rem 0 .6rem; }
    form.inline .field { flex:1 1 12rem; margin:0; }
    ul.tap-list li { margin:0 0 .4rem; }
    ul.tap-list a { display:inline-flex; align-items:center; min-height:var(--tap); }
    .pre { white-space:pre-wrap; }
    .nowrap { white-space:nowrap; }

    /* Tiles and quick views: one scrolling row on a phone. */
    .stats { display:flex; gap:.4rem; overflow-x:auto; margin-bottom:.5rem; }
    .stats a { flex:1 0 4.2rem; display:block; background:var(--card); border:1px solid var(--line); border-radius:8px; padding:.25rem .5rem; text-decoration:none; color:var(--ink); min-height:var(--tap); font-size:.85rem; }
    .stats strong { display:block; font-size:1.15rem; line-height:1.3; }
    .chips { display:flex; gap:.4rem; overflow-x:auto; margin:0 0 .6rem; }
    .chips a { display:inline-flex; align-items:center; min-height:var(--tap); padding:0 .8rem; border:1px solid var(--line); border-radius:999px; background:var(--card); text-decoration:none; white-space:nowrap; color:var(--ink); }
    .chips a[aria-current] { background:var(--accent); border-color:var(--accent); color:#fff; }
    form.search { display:flex; gap:.4rem; margin:0 0 .5rem; }
    form.search input[type=search] { flex:1 1 8rem; width:auto; min-width:0; }
    form.search select { flex:0 1 7.5rem; width:auto; min-width:0; }
    form.search button { flex:0 0 auto; padding:.45rem .75rem; }

    /* The cabinet: two short lines a key on a phone, a table row on a desk. */
    ul.keys { list-style:none; margin:0; padding:0; background:var(--card); border:1px solid var(--line); border-radius:8px; }
    .key-head { display:none; }
    .key-row { display:flex; align-items:stretch; border-top:1px solid var(--line); }
    .key-row:first-of-type, .key-head + .key-row { border-top:0; }
    .key-row .pick { flex:0 0 var(--tap); display:flex; align-items:center; justify-content:center; min-height:var(--tap); }
    .key-row .pick input { width:22px; height:22px; margin:0; }
    .row-link { flex:1; display:grid; grid-template-columns:auto 1fr auto; grid-template-areas:"tag unit status" "info info info"; gap:0 .5rem;
      padding:.3rem .6rem .3rem 0; color:var(--ink); text-decoration:none; min-height:var(--tap); align-items:baseline; }
    .row-link .tag { grid-area:tag; font-weight:600; color:var(--accent); }
    .row-link .unit { grid-area:unit; }
    .row-link .status { grid-area:status; }
    .row-link .kind { display:none; }
    .row-link .holder { grid-area:info; font-size:.85rem; color:var(--muted); }
    .row-link .holder.empty { display:none; }
    .late .row-link .holder { color:var(--bad); }
    .batch-actions { display:flex; gap:.4rem; flex-wrap:wrap; margin:.5rem 0; position:sticky; bottom:0; background:var(--bg); padding:.4rem 0; }
    .badge { display:inline-block; padding:0 .45rem; border-radius:999px; font-size:.8rem; border:1px solid currentColor; white-space:nowrap; }
    .s-in_cabinet { color:var(--ok); } .s-out { color:var(--accent); } .s-withdrawn_damaged, .s-lost { color:var(--bad); } .s-retired { color:var(--muted); }

    /* Lists of records. */
    ul.plain-list, ul.plain, ul.overdue-list, ul.todo-list, #notices { list-style:none; padding:0; margin:0; }
    ul.plain-list > li { border-bottom:1px solid var(--line); }
    ul.plain-list .row-link { display:flex; flex-wrap:wrap; align-items:center; gap:0 .3rem; padding:.25rem 0; }
    .line { margin:.15rem 0; display:flex; flex-wrap:wrap; gap:0 .5rem; align-items:center; }
    ul.plain-list { margin-bottom:1rem; }
    .strong-link { font-weight:600; display:inline-flex; align-items:center; min-height:var(--tap); }
    a.tel { display:inline-flex; align-items:center; min-height:var(--tap); padding:0 .8rem; border:1px solid var(--accent); border-radius:6px; text-decoration:none; }
    .todo h2 { margin-top:1rem; }
    .todo-list li { background:var(--card); border:1px solid var(--line); border-radius:8px; margin:0 0 .5rem; }
    .todo-list li.urgent { border-left:4px solid var(--bad); }
    .todo-link { display:block; padding:.5rem .75rem; min-height:var(--tap); color:var(--ink); text-decoration:none; }
    .todo-link strong { display:block; color:var(--accent); }
    .todo-notices { padding:0; }
    .todo-notices .todo-link { color:var(--accent); font-weight:600; }
    .todo-detail { font-size:.85rem; color:var(--muted); }
    #notices li a { display:flex; flex-wrap:wrap; gap:0 .5rem; padding:.5rem .25rem; min-height:var(--tap); border-bottom:1px solid var(--line); color:var(--ink); text-decoration:none; }
    #notices li.unread .notice-text { font-weight:600; }
    #notices .dot { color:var(--accent); }

    table { width:100%; border-collapse:collapse; background:var(--card); }
    th, td { text-align:left; padding:.45rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
    th { font-size:.85rem; color:var(--muted); font-weight:600; background:#f9fafb; }
    td a { display:inline-block; min-height:var(--tap); line-height:var(--tap); }

    /* Forms: labels above fields, problems at the field in plain words. */
    .field { display:block; margin:0 0 .8rem; }
    .field > label, .field > span { display:block; font-weight:600; margin-bottom:.2rem; }
    .field small, .hint { display:block; color:var(--muted); font-size:.85rem; }
    .req { color:var(--bad); }
    .field-error { color:var(--bad); margin:.2rem 0 0; font-size:.9rem; }
    .invalid input, .invalid select, .invalid textarea, [aria-invalid=true] { border-color:var(--bad); border-width:2px; }
    input, select, textarea { font:inherit; padding:.45rem .5rem; border:1px solid #98a2b3; border-radius:6px; width:100%; max-width:32rem; background:#fff; min-height:var(--tap); }
    select[size] { min-height:auto; }
    input[type=checkbox], input[type=radio] { width:22px; height:22px; min-height:0; margin:0; vertical-align:middle; }
    label.choice { display:flex; align-items:center; gap:.5rem; min-height:var(--tap); cursor:pointer; }
    form.inline { display:inline; }
    /* A choice and its button on one line inside a table cell (送达方式 + 已送达). */
    /* A row of filters above a list (from, to, status, a search), buttons beside them, wrapping on a phone. */
    form.filters { display:flex; flex-wrap:wrap; gap:.4rem .6rem; align-items:center; margin:.25rem 0 1rem; }
    form.filters input, form.filters select { width:auto; flex:0 1 11rem; min-width:0; }
    form.filters input[type=search] { flex:1 1 14rem; }
    form.filters .choice { white-space:nowrap; } form.filters .choice input { flex:none; }
    .nowrap { white-space:nowrap; }
    form.inline-pick { display:flex; flex-wrap:wrap; gap:.4rem; align-items:center; } form.inline-pick select { width:auto; flex:0 1 9rem; min-width:0; }
    button, .button { font:inherit; padding:.45rem 1rem; border-radius:6px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; text-decoration:none; display:inline-flex; align-items:center; justify-content:center; min-height:var(--tap); }
    button.secondary, .button.secondary { background:#fff; color:var(--accent); }
    button.danger { background:var(--bad); border-color:var(--bad); }
    button.link-button { background:none; border:0; color:var(--accent); padding:0 .25rem; text-decoration:underline; }
    .actions { display:flex; flex-wrap:wrap; gap:.5rem; margin:.75rem 0; align-items:center; }
    .actions:empty { display:none; }
    fieldset { border:1px solid var(--line); border-radius:8px; padding:.5rem .75rem .75rem; margin:0 0 .8rem; background:var(--card); min-width:0; }
    legend { font-weight:600; padding:0 .25rem; }
    .key-line { display:grid; gap:0 .5rem; }
    dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.3rem 1rem; margin:0; }
    dl.facts dt { color:var(--muted); }
    dl.facts dd { margin:0; }
    dl.facts a { display:inline-block; min-height:var(--tap); line-height:var(--tap); }
    .pager { display:flex; gap:.5rem 1rem; align-items:center; margin:1rem 0; flex-wrap:wrap; }
    .pager a { display:inline-flex; align-items:center; min-height:var(--tap); padding:0 .75rem; border:1px solid var(--line); border-radius:6px; background:var(--card); text-decoration:none; }
    .sig { border:1px dashed #98a2b3; border-radius:6px; background:#fff; touch-action:none; width:100%; max-width:32rem; height:150px; display:block; }
    img.sig-img { max-width:16rem; border:1px solid #ddd; margin-top:.5rem; display:block; }
    img.sig-inline { height:1.6em; }
    .v-reported { color:var(--accent); } .v-ordered { color:var(--warn); } .v-restored { color:var(--ok); } .v-dismissed { color:var(--muted); }
    .d-open { color:var(--accent); } .d-assigned { color:var(--warn); } .d-done { color:var(--accent); } .d-closed { color:var(--ok); }
    .h-draft { color:var(--muted); } .h-offered { color:var(--accent); } .h-refused { color:var(--bad); } .h-accepted { color:var(--ok); }
    .late { color:var(--bad); font-weight:600; }
    .photos { display:grid; grid-template-columns:repeat(auto-fill, minmax(9rem, 1fr)); gap:.5rem; margin:.5rem 0; }
    .photos img { width:100%; aspect-ratio:4/3; object-fit:cover; border-radius:6px; border:1px solid var(--line); background:#eef1f5; }
    details > summary { min-height:var(--tap); display:flex; align-items:center; cursor:pointer; font-weight:600; }
    /* A disclosure says it opens: ▸ closed, ▾ open. */
    details > summary::before { content:"▸"; margin-right:.4em; color:var(--accent); } details[open] > summary::before { content:"▾"; }
    details > summary::-webkit-details-marker { display:none; }
    /* One worker of a work liaison form: the rows stay apart on a phone, side by side on a wide screen. */
    fieldset.worker-row { border:1px solid var(--line); border-radius:6px; padding:.3rem .6rem .6rem; margin:0 0 .6rem; display:grid; grid-template-columns:repeat(auto-fit, minmax(9rem, 1fr)); gap:.4rem; }
    fieldset.worker-row legend { font-size:.85rem; color:var(--muted); }
    form.gate-enter { display:inline-flex; margin:0 0 0 .5rem; vertical-align:middle; }
    /* A small action beside a line of text (迁出 after a unit), opening its form below. */
    details.inline { display:inline-block; margin-left:.5rem; }
    /* A wide table that scrolls inside the page instead of squeezing (a spreadsheet preview). */
    .scroll { overflow-x:auto; max-width:100%; } .scroll td, .scroll th { white-space:nowrap; }
    /* Many short fields side by side on a wide screen, one column on a phone. */
    /* A notice as it is printed and posted. */
    .notice-paper { max-width:42rem; } .notice-paper h1 { text-align:center; } .notice-paper .signed { text-align:right; margin-top:2rem; }
    .grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(15rem, 1fr)); gap:0 1rem; }
    details.inline > summary { display:inline-flex; font-weight:400; color:var(--accent); text-decoration:underline; }
    details.inline[open] { display:block; margin:.25rem 0 .75rem; }
    .history ol { padding-left:1.2rem; } .history li { margin:.2rem 0; }
    .print-only { display:none; }
    /* Said in full where there is room; a phone gets the first clause. */
    .wide-only { display:none; }
    @media (min-width: 600px) { .wide-only { display:inline; } }

    /* Key labels: a grid of tags with their QR codes, 3 across on A4. */
    .labels { display:grid; grid-template-columns:repeat(auto-fill, minmax(15rem, 1fr)); gap:.5rem; }
    .label { display:flex; gap:.5rem; align-items:center; border:1px dashed #98a2b3; border-radius:6px; padding:.4rem; background:#fff; break-inside:avoid; }
    .label svg { flex:0 0 auto; width:96px; height:96px; }
    .label-text { display:flex; flex-direction:column; font-size:.9rem; line-height:1.35; }
    .label-text strong { font-size:1.05rem; }

    /* Phones: tables stack into cards, cells name their column. */
    @media (max-width: 640px) {
      table.stack thead { display:none; }
      table.stack, table.stack tbody, table.stack tr, table.stack td { display:block; width:100%; }
      table.stack tr { border:1px solid var(--line); border-radius:8px; margin:0 0 .6rem; background:var(--card); padding:.25rem .5rem; }
      table.stack td { border:0; padding:.1rem 0; display:flex; gap:.5rem; }
      table.stack td.empty { display:none; }
      table.stack td::before { content:attr(data-label); color:var(--muted); min-width:5.5rem; flex:0 0 auto; font-size:.9rem; }
    }
    @media (min-width: 900px) {
      header.top { display:flex; align-items:stretch; }
      header.top .bar { order:0; flex:1; }
      header.top nav { border-top:0; order:-1; flex:0 1 auto; }
      header.top { flex-wrap:wrap; }
      header.top nav { order:1; flex:1 1 100%; }
      .key-head, .key-row .row-link { display:grid; grid-template-columns:11rem 9rem 7rem 11rem 1fr; grid-template-areas:none; gap:0 .75rem; align-items:center; }
      .key-head { padding:.4rem .6rem .4rem var(--tap); font-size:.85rem; color:var(--muted); font-weight:600; background:#f9fafb; border-radius:8px 8px 0 0; }
      .key-head .pick { display:none; }
      .row-link .tag, .row-link .unit, .row-link .status, .row-link .holder { grid-area:auto; }
      .row-link .kind { display:block; color:var(--muted); font-size:.9rem; }
      .row-link .holder { font-size:.95rem; }
      .row-link .holder.empty { display:block; }
      .key-line { grid-template-columns:1fr 1fr 10rem; }
    }
    @media print {
      @page { size:A4 landscape; margin:12mm; }
      body { background:#fff; font-size:11pt; }
      header.top, .no-print, form, .flash, .pager, button, .skip { display:none !important; }
      main { max-width:none; padding:0; }
      .print-only { display:block; }
      table { font-size:10pt; }
      th, td { border:1px solid #000; padding:3px 4px; }
      th { background:#fff; color:#000; }
      a { color:#000; text-decoration:none; }
      .badge { border:0; padding:0; }
      .labels { grid-template-columns:repeat(3, 1fr); gap:4mm; }
      .label { border:1px dashed #666; }
    }
    """
}
