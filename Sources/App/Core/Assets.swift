import Vapor

/// The stylesheet and script, compiled in so the binary is the whole app.
enum Assets {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("static", "app.css") { _ in serve(css, type: .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])) }
        routes.get("static", "app.js") { _ in serve(js, type: .init(type: "application", subType: "javascript", parameters: ["charset": "utf-8"])) }
    }

    static func serve(_ body: String, type: HTTPMediaType) -> Response {
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.contentType = type
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }

    static let css = """
    :root { --ink:#1d2430; --muted:#5f6b7a; --line:#d9dee5; --bg:#f5f7fa; --card:#fff; --accent:#0b6bcb; --warn:#b54708; --bad:#b42318; --ok:#067647; }
    * { box-sizing: border-box; }
    body { margin:0; font: 16px/1.5 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif; color:var(--ink); background:var(--bg); }
    a { color:var(--accent); }
    header.top { display:flex; flex-wrap:wrap; align-items:center; gap:.25rem .75rem; padding:.5rem .75rem; background:#12355b; color:#fff; }
    header.top a { color:#fff; text-decoration:none; }
    header.top .brand { font-weight:700; font-size:1.1rem; margin-right:.25rem; }
    header.top nav { display:flex; flex-wrap:wrap; gap:.25rem .75rem; flex:1 1 100%; order:3; }
    header.top nav a { padding:.25rem 0; border-bottom:2px solid transparent; white-space:nowrap; }
    header.top nav a[aria-current] { border-bottom-color:#fff; font-weight:600; }
    header.top .lang { margin-left:auto; font-size:.9rem; }
    header.top select { font-size:.9rem; max-width:12rem; }
    header.top .property { opacity:.9; }
    button.link { background:none; border:0; color:#fff; padding:0; font:inherit; cursor:pointer; text-decoration:underline; }
    .nojs { display:none; }
    main { max-width:60rem; margin:0 auto; padding:1rem .75rem 3rem; }
    main.wide { max-width:80rem; }
    h1 { font-size:1.4rem; margin:.25rem 0 1rem; }
    h2 { font-size:1.15rem; margin:1.5rem 0 .5rem; }
    .muted { color:var(--muted); }
    .flash { padding:.6rem .8rem; border-radius:6px; background:#ecfdf3; border:1px solid #abefc6; }
    .flash.error, .error-box { background:#fef3f2; border:1px solid #fecdca; color:var(--bad); padding:.6rem .8rem; border-radius:6px; }
    .card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:1rem; margin:0 0 1rem; }
    .card.narrow { max-width:24rem; margin:2rem auto; }
    img.sig-img { max-width:16rem; border:1px solid #ddd; margin-top:.5rem; display:block; }
    img.sig-inline { height:1.6em; }
    .card > h2:first-child, .card > h3:first-child { margin-top:0; }
    #notices { list-style:none; padding-left:0; } #notices li { margin:.4rem 0; }
    .stats { display:grid; grid-template-columns:repeat(auto-fit,minmax(5.5rem,1fr)); gap:.5rem; margin-bottom:1rem; }
    .stats a, .stats div { display:block; background:var(--card); border:1px solid var(--line); border-radius:8px; padding:.5rem .75rem; text-decoration:none; color:var(--ink); }
    .stats strong { display:block; font-size:1.4rem; }
    table { width:100%; border-collapse:collapse; background:var(--card); }
    th, td { text-align:left; padding:.45rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
    th { font-size:.85rem; color:var(--muted); font-weight:600; background:#f9fafb; }
    .badge { display:inline-block; padding:0 .45rem; border-radius:999px; font-size:.8rem; border:1px solid currentColor; white-space:nowrap; }
    .s-in_cabinet { color:var(--ok); } .s-out { color:var(--accent); } .s-withdrawn_damaged, .s-lost { color:var(--bad); } .s-retired { color:var(--muted); }
    .overdue { color:var(--bad); font-weight:600; }
    form.filters { display:flex; flex-wrap:wrap; gap:.5rem; align-items:flex-end; margin-bottom:1rem; }
    form.inline { display:inline; }
    .field { display:block; margin:0 0 .8rem; }
    .field > span { display:block; font-weight:600; margin-bottom:.2rem; }
    .field small { display:block; color:var(--muted); }
    input, select, textarea { font:inherit; padding:.45rem .5rem; border:1px solid #b8c0cc; border-radius:6px; width:100%; max-width:32rem; background:#fff; }
    form.filters input, form.filters select { width:auto; }
    input[type=checkbox], input[type=radio] { width:auto; }
    button, .button { font:inherit; padding:.45rem .9rem; border-radius:6px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; text-decoration:none; display:inline-block; }
    button.secondary, .button.secondary { background:#fff; color:var(--accent); }
    button.danger { background:var(--bad); border-color:var(--bad); }
    .actions { display:flex; flex-wrap:wrap; gap:.5rem; margin:.75rem 0; }
    dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.3rem 1rem; margin:0; }
    dl.facts dt { color:var(--muted); }
    dl.facts dd { margin:0; }
    .pager { display:flex; gap:1rem; align-items:center; margin:1rem 0; flex-wrap:wrap; }
    .sig { border:1px dashed #98a2b3; border-radius:6px; background:#fff; touch-action:none; width:100%; max-width:32rem; height:150px; display:block; }
    fieldset { border:1px solid var(--line); border-radius:8px; padding:.5rem .75rem .75rem; margin:0 0 .8rem; background:var(--card); }
    legend { font-weight:600; padding:0 .25rem; }
    .actions:empty { display:none; }
    .history ol { padding-left:1.2rem; } .history li { margin:.2rem 0; }
    .print-only { display:none; }
    @media (max-width: 640px) {
      table.stack thead { display:none; }
      table.stack, table.stack tbody, table.stack tr, table.stack td { display:block; width:100%; }
      table.stack tr { border:1px solid var(--line); border-radius:8px; margin:0 0 .6rem; background:var(--card); padding:.25rem .5rem; }
      table.stack td { border:0; padding:.15rem 0; display:flex; gap:.5rem; }
      table.stack td.empty { display:none; }
      table.stack td::before { content:attr(data-label); color:var(--muted); min-width:5.5rem; flex:0 0 auto; font-size:.9rem; }
    }
    @media (min-width: 900px) { header.top nav { flex:0 1 auto; order:0; } }
    @media print {
      @page { size:A4 landscape; margin:12mm; }
      body { background:#fff; font-size:11pt; }
      header.top, .no-print, form, .flash, .pager, button { display:none !important; }
      main { max-width:none; padding:0; }
      .print-only { display:block; }
      table { font-size:10pt; }
      th, td { border:1px solid #000; padding:3px 4px; }
      th { background:#fff; color:#000; }
      a { color:#000; text-decoration:none; }
      .badge { border:0; padding:0; }
    }
    """

    static let js = """
    // Progressive enhancement only: every page works without this file.
    document.addEventListener('submit', function (e) {
      var b = e.submitter; var msg = b && b.getAttribute('data-confirm');
      if (msg && !window.confirm(msg)) { e.preventDefault(); }
    });
    document.querySelectorAll('canvas.sig').forEach(function (canvas) {
      var input = document.getElementById(canvas.getAttribute('data-input'));
      var ctx = canvas.getContext('2d'); var drawing = false; var drawn = false;
      function fit() { var r = canvas.getBoundingClientRect(); canvas.width = r.width; canvas.height = r.height; ctx.lineWidth = 2.5; ctx.lineCap = 'round'; ctx.strokeStyle = '#111'; }
      fit();
      function pos(e) { var r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }
      canvas.addEventListener('pointerdown', function (e) { drawing = true; canvas.setPointerCapture(e.pointerId); var p = pos(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]); });
      canvas.addEventListener('pointermove', function (e) { if (!drawing) return; var p = pos(e); ctx.lineTo(p[0], p[1]); ctx.stroke(); drawn = true; });
      canvas.addEventListener('pointerup', function () { drawing = false; if (drawn) input.value = canvas.toDataURL('image/png'); });
      var clear = document.querySelector('[data-clear="' + canvas.id + '"]');
      if (clear) clear.addEventListener('click', function (e) { e.preventDefault(); ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; input.value = ''; });
    });
    document.querySelectorAll('[data-autosubmit]').forEach(function (el) {
      el.addEventListener('change', function () { el.form.submit(); });
    });
    document.querySelectorAll('[data-print]').forEach(function (el) {
      el.addEventListener('click', function () { window.print(); });
    });
    document.querySelectorAll('a[data-back]').forEach(function (el) {
      if (window.history.length > 1) el.addEventListener('click', function (e) { e.preventDefault(); window.history.back(); });
    });
    document.querySelectorAll('[data-borrower-kind]').forEach(function (radio) {
      function sync() {
        var kind = document.querySelector('[data-borrower-kind]:checked').value;
        document.querySelectorAll('[data-for-kind]').forEach(function (el) { el.hidden = el.getAttribute('data-for-kind') !== kind; });
      }
      radio.addEventListener('change', sync); sync();
    });
    """
}
